package io.bitquark.metainfo.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code POST /api/inspect} says about a torrent: btshowmetainfo as JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InspectView(
        String infoHash,
        String infoHashV2,
        String version,
        String magnet,
        String name,
        long totalSize,
        long pieceLength,
        int pieceCount,
        int fileCount,
        List<TorrentView.FileView> files,
        String announce,
        List<List<String>> announceList,
        List<String> webSeeds,
        List<String> httpSeeds,
        boolean isPrivate,
        String source,
        String comment,
        String createdBy,
        Long creationDate,
        List<Warning> warnings) {

    /** A tolerated defect: a stable code, what it is, and where (−1 when not tied to one offset). */
    public record Warning(String code, String message, long offset) {}

    public static InspectView of(Metainfo m) {
        List<Warning> warnings = new ArrayList<>();
        for (MetainfoWarning w : m.warnings()) {
            warnings.add(
                    new Warning(w.code().name().toLowerCase(Locale.ROOT).replace('_', '-'), w.message(), w.offset()));
        }
        for (String unsafe : m.unsafePaths()) {
            warnings.add(new Warning("unsafe-path", unsafe, -1));
        }
        return new InspectView(
                m.infoHashV1().map(h -> h.hex()).orElse(null),
                m.infoHashV2().map(h -> h.hex()).orElse(null),
                m.version().name().toLowerCase(Locale.ROOT),
                TorrentView.magnet(m),
                m.name(),
                m.totalSize(),
                m.pieceLength(),
                m.pieceCount(),
                m.fileCount(),
                TorrentView.files(m),
                m.announce().orElse(null),
                m.announceTiers(),
                m.webSeeds(),
                m.httpSeeds(),
                m.isPrivate(),
                m.source().orElse(null),
                m.comment().orElse(null),
                m.createdBy().orElse(null),
                m.creationDateSeconds().isPresent() ? m.creationDateSeconds().getAsLong() : null,
                warnings);
    }
}
