package io.bitquark.metainfo.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.bitquark.metainfo.create.CreateOptions;
import io.bitquark.metainfo.create.PieceLengthRule;
import io.bitquark.metainfo.create.TorrentOptions;
import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.rest.ApiProblem;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of an upload: {@code name} (required: the torrent's name, and the file's or
 * directory's name on disk) and the options {@code POST /api/torrents} takes as JSON. Each repeated
 * {@code announce} is one tier; {@code webSeed} and {@code httpSeed} repeat; {@code private} and
 * {@code seed} are {@code true}/{@code false} (a bare {@code ?private} means true). Unknown parameters are
 * refused, so that a misspelt option is not silently dropped.
 */
public record UploadOptions(
        String name,
        List<String> announce,
        List<String> webSeeds,
        List<String> httpSeeds,
        boolean isPrivate,
        Long pieceLength,
        String version,
        String comment,
        String source,
        String createdBy,
        String creationDate,
        boolean seed) {

    public static final Set<String> PARAMETERS = Set.of(
            "name",
            "announce",
            "webSeed",
            "httpSeed",
            "private",
            "pieceLength",
            "version",
            "comment",
            "source",
            "createdBy",
            "creationDate",
            "seed");

    /** Reads and checks the query parameters; every problem is a 400 naming the parameter. */
    public static UploadOptions of(Map<String, List<String>> query, Optional<String> defaultAnnounce) {
        for (String key : query.keySet()) {
            if (!PARAMETERS.contains(key)) {
                throw ApiProblem.badRequest(
                        "unknown query parameter '" + key + "'; known: " + new TreeSet<>(PARAMETERS));
            }
        }
        String name = single(query, "name");
        if (name == null) {
            throw ApiProblem.badRequest("name is required: the torrent's name, e.g. ?name=my-file.iso");
        }
        UploadPaths.checkComponent(name, "name");
        String pieceLengthText = single(query, "pieceLength");
        Long pieceLength = null;
        if (pieceLengthText != null) {
            try {
                pieceLength = Long.parseLong(pieceLengthText);
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest("pieceLength must be a number of bytes, got '" + pieceLengthText + "'");
            }
            String problem = PieceLengthRule.problem(pieceLength);
            if (problem != null) {
                throw ApiProblem.badRequest(problem);
            }
        }
        UploadOptions options = new UploadOptions(
                name,
                query.getOrDefault("announce", List.of()),
                query.getOrDefault("webSeed", List.of()),
                query.getOrDefault("httpSeed", List.of()),
                flag(query, "private"),
                pieceLength,
                single(query, "version"),
                single(query, "comment"),
                single(query, "source"),
                single(query, "createdBy"),
                single(query, "creationDate"),
                flag(query, "seed"));
        TorrentOptions.version(options.version());
        TorrentOptions.tiers(options.announce(), defaultAnnounce);
        TorrentOptions.seedUrls(options.webSeeds(), "webSeed");
        TorrentOptions.seedUrls(options.httpSeeds(), "httpSeed");
        TorrentOptions.creationDate(options.creationDateNode());
        return options;
    }

    /**
     * The piece length the content can be hashed with while it arrives: v1 only, when it is given or the
     * total size is known in advance ({@code expectedSize} ≥ 0), so that the result is the torrent
     * {@code POST /api/torrents} would make of the same files. Empty when hashing must wait for the end.
     */
    public Optional<Integer> streamingPieceLength(long expectedSize, int maxAutoPieceLength) {
        if (TorrentOptions.version(version) != MetaVersion.V1) {
            return Optional.empty();
        }
        if (pieceLength != null) {
            return Optional.of(pieceLength.intValue());
        }
        return expectedSize >= 0
                ? Optional.of(PieceLengthRule.auto(expectedSize, maxAutoPieceLength))
                : Optional.empty();
    }

    /** The options as {@code POST /api/torrents} would take them, for the content at {@code path}. */
    public CreateOptions toCreateOptions(String path) {
        ArrayNode tiers = null;
        if (!announce.isEmpty()) {
            tiers = JsonNodeFactory.instance.arrayNode();
            announce.forEach(tiers::add);
        }
        return new CreateOptions(
                path,
                name,
                tiers,
                webSeeds,
                httpSeeds,
                isPrivate,
                pieceLength,
                version,
                comment,
                source,
                createdBy,
                creationDateNode(),
                List.of(),
                true,
                seed);
    }

    private JsonNode creationDateNode() {
        return creationDate == null ? null : TextNode.valueOf(creationDate);
    }

    private static String single(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiProblem.badRequest(key + " may be given once");
        }
        return values.get(0);
    }

    private static boolean flag(Map<String, List<String>> query, String key) {
        String value = single(query, key);
        if (value == null) {
            return false;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "":
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw ApiProblem.badRequest(key + " must be true or false, got '" + value + "'");
        }
    }
}
