package io.bitquark.metainfo.create;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The options of a new torrent, as JSON fields of {@code POST /api/torrents} (or query parameters of an
 * upload). Everything but {@code path} is optional.
 *
 * @param announce     a string; a list of strings, one tier each (as mktorrent does); or a list of tiers,
 *                     each a list of strings (BEP 12). Absent: {@code bitquark.metainfo.default-announce}.
 * @param pieceLength  a power of two from 16 KiB; absent: {@link PieceLengthRule#auto}
 * @param version      {@code v1} (default), {@code v2} or {@code hybrid}
 * @param creationDate absent: none (reproducible output); {@code "now"} or epoch seconds
 * @param exclude      globs to leave out, besides {@code CVS} and {@code core}
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CreateOptions(
        String path,
        String name,
        JsonNode announce,
        List<String> webSeeds,
        List<String> httpSeeds,
        @JsonProperty("private") Boolean isPrivate,
        Long pieceLength,
        String version,
        String comment,
        String source,
        String createdBy,
        JsonNode creationDate,
        List<String> exclude,
        Boolean includeHidden,
        Boolean seed) {

    public boolean privateTorrent() {
        return Boolean.TRUE.equals(isPrivate);
    }

    public boolean hidden() {
        return Boolean.TRUE.equals(includeHidden);
    }

    public boolean seedIt() {
        return Boolean.TRUE.equals(seed);
    }
}
