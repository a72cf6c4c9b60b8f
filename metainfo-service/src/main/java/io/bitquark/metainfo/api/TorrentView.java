package io.bitquark.metainfo.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.bitquark.metainfo.store.HostedTorrent;
import io.bitquark.metainfo.store.SeedingStatus;
import io.bitquark.protocol.magnet.MagnetLink;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.TorrentFile;
import java.util.ArrayList;
import java.util.List;

/**
 * A hosted torrent as JSON (the create response and {@code GET /api/torrents/{id}}).
 *
 * <p>{@code totalSize} is counted as libtorrent counts it (pad files included); {@code files} leaves pad
 * files out. {@code infoHash} is absent for v2-only torrents, {@code infoHashV2} for v1-only ones.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TorrentView(
        String id,
        String infoHash,
        String infoHashV2,
        String version,
        String magnet,
        String name,
        long totalSize,
        long pieceLength,
        int pieceCount,
        List<FileView> files,
        String torrentUrl,
        SeedingStatus seeding) {

    /** One file: its path inside the torrent (joined with '/') and its length. */
    public record FileView(String path, long length) {}

    public static TorrentView of(HostedTorrent hosted, String publicUrl) {
        Metainfo m = hosted.metainfo();
        return new TorrentView(
                hosted.id(),
                m.infoHashV1().map(h -> h.hex()).orElse(null),
                m.infoHashV2().map(h -> h.hex()).orElse(null),
                m.version().name().toLowerCase(),
                magnet(m),
                m.name(),
                m.totalSize(),
                m.pieceLength(),
                m.pieceCount(),
                files(m),
                torrentUrl(publicUrl, hosted.id()),
                hosted.seeding());
    }

    static List<FileView> files(Metainfo m) {
        List<FileView> files = new ArrayList<>();
        for (TorrentFile f : m.files()) {
            if (!f.isPadding()) {
                files.add(new FileView(f.displayPath(), f.length()));
            }
        }
        return files;
    }

    /** A magnet link with both hashes of a hybrid, the name, every tracker and every web seed. */
    public static String magnet(Metainfo m) {
        MagnetLink.Builder b = MagnetLink.builder();
        m.infoHashV1().ifPresent(h -> b.infoHashV1(h.bytes()));
        m.infoHashV2().ifPresent(h -> b.infoHashV2(h.bytes()));
        b.displayName(m.name());
        for (List<String> tier : m.announceTiers()) {
            tier.forEach(b::tracker);
        }
        m.webSeeds().forEach(b::webSeed);
        return b.build().toUri();
    }

    public static String torrentUrl(String publicUrl, String id) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + "/torrents/" + id + ".torrent";
    }
}
