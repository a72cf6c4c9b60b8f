package io.bitquark.metainfo.create;

import io.bitquark.protocol.metainfo.MetaVersion;
import java.time.Instant;
import java.util.List;

/** A checked request for a new torrent: every field already validated and defaulted. */
public record NewTorrent(
        String name,
        MetaVersion version,
        int pieceLength,
        List<List<String>> announceTiers,
        List<String> webSeeds,
        List<String> httpSeeds,
        boolean privateTorrent,
        String source,
        String comment,
        String createdBy,
        Instant creationDate) {}
