package io.bitquark.seeder.it;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import io.bitquark.seeder.storage.TestTorrents;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A few MiB of multi-file content under the seeder's data root, and its .torrent beside it: files of random
 * bytes in nested directories, with sizes that end mid-piece, hashed the way metainfo-service does.
 *
 * @param name     the torrent's name, which is also its {@code dataPath} (the top directory under the data root)
 * @param torrent  the .torrent file, outside the data root
 * @param metainfo the torrent
 * @param sha256   the SHA-256 of each file, by its path inside the content directory
 */
record SeedContent(String name, Path torrent, Metainfo metainfo, Map<String, String> sha256) {

    /** The content's files, in BEP 52 file-tree order, and their sizes: a few MiB, ending mid-piece. */
    private static final Map<String, Integer> FILES = Map.of(
            "docs/deep/data.bin", 1024 * 1024 + 7,
            "docs/readme.txt", 1000,
            "video.bin", 3 * 1024 * 1024 + 12_345);
    /** One small file, for tests that need many torrents rather than much data. */
    private static final Map<String, Integer> SMALL = Map.of("small.bin", 100_000);

    static final int PIECE_LENGTH = 256 * 1024;
    /** The bytes of the files of {@link #create}. */
    static final long BYTES =
            FILES.values().stream().mapToLong(Integer::longValue).sum();

    /**
     * Writes the content {@code name} (random bytes from {@code seed}) into {@code dataRoot} and a torrent of it
     * ({@code version} v1 or hybrid) announcing to {@code trackers} into {@code torrentDir}.
     */
    static SeedContent create(
            Path dataRoot, Path torrentDir, String name, long seed, MetaVersion version, List<String> trackers)
            throws Exception {
        return create(FILES, dataRoot, torrentDir, name, seed, version, trackers);
    }

    /** A v1 torrent of one 100 kB file. */
    static SeedContent small(Path dataRoot, Path torrentDir, String name, long seed, List<String> trackers)
            throws Exception {
        return create(SMALL, dataRoot, torrentDir, name, seed, MetaVersion.V1, trackers);
    }

    /** A v1 torrent of two files of {@code mebibytes} MiB together, the second ending mid-piece. */
    static SeedContent large(Path dataRoot, Path torrentDir, String name, long seed, int mebibytes) throws Exception {
        return large(dataRoot, torrentDir, name, seed, mebibytes, List.of());
    }

    /** {@link #large(Path, Path, String, long, int)}, announcing to {@code trackers}. */
    static SeedContent large(
            Path dataRoot, Path torrentDir, String name, long seed, int mebibytes, List<String> trackers)
            throws Exception {
        int half = mebibytes * 1024 * 1024 / 2;
        return create(
                Map.of("first.bin", half + 4321, "second.bin", half - 54_321),
                dataRoot,
                torrentDir,
                name,
                seed,
                MetaVersion.V1,
                trackers);
    }

    private static SeedContent create(
            Map<String, Integer> files,
            Path dataRoot,
            Path torrentDir,
            String name,
            long seed,
            MetaVersion version,
            List<String> trackers)
            throws Exception {
        Path dir = dataRoot.resolve(name);
        Map<String, String> sha256 = new LinkedHashMap<>();
        String[] paths = files.keySet().stream().sorted().toArray(String[]::new);
        long fileSeed = seed;
        for (String path : paths) {
            TestTorrents.write(dir.resolve(path), files.get(path), fileSeed++);
            sha256.put(path, sha256(dir.resolve(path)));
        }
        MetainfoBuilder builder = version == MetaVersion.V1
                ? TestTorrents.v1MultiBuilder(dir, PIECE_LENGTH, paths)
                : TestTorrents.v2MultiBuilder(version, dir, PIECE_LENGTH, paths);
        if (!trackers.isEmpty()) {
            builder.announceTiers(trackers.stream().map(List::of).toList());
        }
        Metainfo metainfo = builder.build();
        Path torrent = Files.createDirectories(torrentDir).resolve(name + ".torrent");
        Files.write(torrent, metainfo.encode());
        return new SeedContent(name, torrent, metainfo, sha256);
    }

    /** The v1 info-hash, as trackers and v1 peers know the torrent (hybrid torrents have one too). */
    byte[] infoHash() {
        return metainfo.infoHashV1().orElseThrow().bytes();
    }

    /** The torrent's id in the seeder's REST API. */
    String id() {
        return metainfo.primaryInfoHash().hex();
    }

    /** The SHA-256 of each of this content's files as found under {@code contentDir} (a client's download). */
    Map<String, String> sha256In(Path contentDir) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String path : sha256.keySet()) {
            Path file = contentDir.resolve(path);
            found.put(path, Files.isRegularFile(file) ? sha256(file) : "missing");
        }
        return found;
    }

    static String sha256(Path file) {
        try (DigestInputStream in =
                new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
