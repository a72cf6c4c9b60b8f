package io.bitquark.metainfo.edit;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.bitquark.metainfo.create.TorrentOptions;
import io.bitquark.protocol.bencode.BInteger;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.rest.ApiProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * One edit of {@code POST /api/edit}: BitTornado's btreannounce, btcopyannounce, btsethttpseeds, btrename and
 * friends. The {@code operations} part is a JSON list of these, applied in order, each an object whose
 * {@code op} names it:
 *
 * <pre>
 * outside info (the info-hash stays)             inside info (a new info-hash)
 * {"op": "set-announce", "url": "http://t/a"}    {"op": "rename", "name": "new name"}
 * {"op": "clear-announce"}                       {"op": "set-private"}
 * {"op": "set-announce-list", "tiers": [[..]]}   {"op": "clear-private"}
 * {"op": "clear-announce-list"}                  {"op": "set-source", "source": "TRK"}
 * {"op": "copy-announce"}                        {"op": "clear-source"}
 * {"op": "copy-announce", "torrentId": "&lt;id&gt;"}
 * {"op": "set-web-seeds", "urls": [..]}          ([] removes url-list)
 * {"op": "set-http-seeds", "urls": [..]}         ([] removes httpseeds)
 * {"op": "set-comment", "comment": ".."}
 * {"op": "clear-comment"}
 * </pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = EditOperation.SetAnnounce.class, name = "set-announce"),
    @JsonSubTypes.Type(value = EditOperation.ClearAnnounce.class, name = "clear-announce"),
    @JsonSubTypes.Type(value = EditOperation.SetAnnounceList.class, name = "set-announce-list"),
    @JsonSubTypes.Type(value = EditOperation.ClearAnnounceList.class, name = "clear-announce-list"),
    @JsonSubTypes.Type(value = EditOperation.CopyAnnounce.class, name = "copy-announce"),
    @JsonSubTypes.Type(value = EditOperation.SetWebSeeds.class, name = "set-web-seeds"),
    @JsonSubTypes.Type(value = EditOperation.SetHttpSeeds.class, name = "set-http-seeds"),
    @JsonSubTypes.Type(value = EditOperation.SetComment.class, name = "set-comment"),
    @JsonSubTypes.Type(value = EditOperation.ClearComment.class, name = "clear-comment"),
    @JsonSubTypes.Type(value = EditOperation.Rename.class, name = "rename"),
    @JsonSubTypes.Type(value = EditOperation.SetPrivate.class, name = "set-private"),
    @JsonSubTypes.Type(value = EditOperation.ClearPrivate.class, name = "clear-private"),
    @JsonSubTypes.Type(value = EditOperation.SetSource.class, name = "set-source"),
    @JsonSubTypes.Type(value = EditOperation.ClearSource.class, name = "clear-source"),
})
public sealed interface EditOperation {

    /** Applies this edit; a bad argument is a 400 problem naming the operation. */
    void applyTo(TorrentEdit edit);

    /** btreannounce: the {@code announce} URL (http, https or udp). */
    record SetAnnounce(String url) implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            edit.setTop("announce", BString.of(TorrentOptions.url(required(url, "set-announce", "url"))));
        }
    }

    /** Removes {@code announce}. */
    record ClearAnnounce() implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            edit.removeTop("announce");
        }
    }

    /** btreannounce {@code --announce_list}: BEP 12 tiers, each a non-empty list of URLs. */
    record SetAnnounceList(List<List<String>> tiers) implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            if (tiers == null || tiers.isEmpty()) {
                throw ApiProblem.badRequest(
                        "set-announce-list needs 'tiers', a non-empty list of lists of URLs (clear-announce-list removes it)");
            }
            List<BValue> list = new ArrayList<>();
            for (List<String> tier : tiers) {
                if (tier == null || tier.isEmpty()) {
                    throw ApiProblem.badRequest("set-announce-list: every tier must be a non-empty list of URLs");
                }
                List<BValue> urls = new ArrayList<>();
                for (String url : tier) {
                    urls.add(BString.of(TorrentOptions.url(required(url, "set-announce-list", "tiers[][]"))));
                }
                list.add(BList.of(urls));
            }
            edit.setTop("announce-list", BList.of(list));
        }
    }

    /** Removes {@code announce-list}. */
    record ClearAnnounceList() implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            edit.removeTop("announce-list");
        }
    }

    /**
     * btcopyannounce: {@code announce} and {@code announce-list} become exactly those of another torrent (each
     * removed when that torrent has none). The other torrent is the request's {@code source} part, or the
     * hosted torrent {@code torrentId} when given.
     */
    record CopyAnnounce(String torrentId) implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            edit.copyAnnounceFrom(torrentId == null ? edit.sourcePart() : edit.hosted(torrentId));
        }
    }

    /** BEP 19 web seeds ({@code url-list}); an empty list removes the key. */
    record SetWebSeeds(List<String> urls) implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            edit.setUrls(
                    "url-list", TorrentOptions.seedUrls(requiredList(urls, "set-web-seeds"), "set-web-seeds urls"));
        }
    }

    /** btsethttpseeds: BEP 17 HTTP seeds ({@code httpseeds}); an empty list removes the key. */
    record SetHttpSeeds(List<String> urls) implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            edit.setUrls(
                    "httpseeds", TorrentOptions.seedUrls(requiredList(urls, "set-http-seeds"), "set-http-seeds urls"));
        }
    }

    /** The {@code comment}; a {@code comment.utf-8} that would shadow it is removed. */
    record SetComment(String comment) implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            edit.setTop("comment", BString.of(required(comment, "set-comment", "comment")));
            edit.removeTop("comment.utf-8");
        }
    }

    /** Removes {@code comment} and {@code comment.utf-8}. */
    record ClearComment() implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            edit.removeTop("comment");
            edit.removeTop("comment.utf-8");
        }
    }

    /** btrename: the info dictionary's {@code name} (one safe path component). Changes the info-hash. */
    record Rename(String name) implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            edit.rename(TorrentOptions.name(required(name, "rename", "name"), null));
        }
    }

    /** BEP 27 {@code private 1} in the info dictionary. Changes the info-hash. */
    record SetPrivate() implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            edit.setInfo("private", BInteger.of(1));
        }
    }

    /** Removes {@code private} from the info dictionary. Changes the info-hash. */
    record ClearPrivate() implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            edit.removeInfo("private");
        }
    }

    /** The info dictionary's {@code source}. Changes the info-hash. */
    record SetSource(String source) implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            String s = required(source, "set-source", "source");
            if (s.isEmpty()) {
                throw ApiProblem.badRequest("set-source needs a non-empty 'source' (clear-source removes it)");
            }
            edit.setInfo("source", BString.of(s));
        }
    }

    /** Removes {@code source} from the info dictionary. Changes the info-hash. */
    record ClearSource() implements EditOperation {
        @Override
        public void applyTo(TorrentEdit edit) {
            edit.removeInfo("source");
        }
    }

    private static String required(String value, String op, String field) {
        if (value == null) {
            throw ApiProblem.badRequest(op + " needs '" + field + "'");
        }
        return value;
    }

    private static List<String> requiredList(List<String> urls, String op) {
        if (urls == null) {
            throw ApiProblem.badRequest(op + " needs 'urls', a list of http or https URLs ([] removes them)");
        }
        return urls;
    }
}
