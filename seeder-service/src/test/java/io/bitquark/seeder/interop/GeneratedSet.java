package io.bitquark.seeder.interop;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import io.bitquark.seeder.storage.TestTorrents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multi-file set of about 4.4 MiB that trips up clients: sizes that are no multiple of the piece length
 * or of 16 KiB, nested directories, a name with spaces, a non-ASCII name and an empty file. The bytes are
 * the same on every call (seeded), so v1, hybrid and v2 torrents describe one content.
 */
final class GeneratedSet {

    static final int PIECE_LENGTH = 256 * 1024;

    /** Path (relative to the set's directory) and length of each file, in BEP 52 file tree order. */
    static final Map<String, Integer> FILES = inFileTreeOrder(Map.of(
            "big file with spaces.bin", 2 * 1024 * 1024 + 12_345,
            "empty", 0,
            "nested/deeper/odd.bin", 1_000_003,
            "nested/small.bin", 5,
            "日本語 ファイル.bin", 777_777));

    private GeneratedSet() {}

    /** Writes the set into {@code dir} (the torrent's content directory; its name is the torrent's name). */
    static Path write(Path dir) throws IOException {
        long seed = 1;
        for (Map.Entry<String, Integer> file : FILES.entrySet()) {
            TestTorrents.write(dir.resolve(file.getKey()), file.getValue(), seed++);
        }
        return dir;
    }

    /** A torrent of the set in {@code dir}, of the given version, hashed from the files with PieceHashing. */
    static Metainfo torrent(MetaVersion version, Path dir) throws Exception {
        String[] paths = FILES.keySet().toArray(String[]::new);
        return version == MetaVersion.V1
                ? TestTorrents.v1Multi(dir, PIECE_LENGTH, paths)
                : TestTorrents.v2Multi(version, dir, PIECE_LENGTH, paths);
    }

    /** Writes the set into {@code dir} and returns its torrent. */
    static Metainfo create(MetaVersion version, Path dir) throws Exception {
        return torrent(version, write(dir));
    }

    /** A single file of about 3 MiB (no multiple of 16 KiB) at {@code file}, and its torrent, named by the file. */
    static Metainfo singleFile(MetaVersion version, Path file) throws Exception {
        TestTorrents.write(file, 3 * 1024 * 1024 - 4321, 99);
        return version == MetaVersion.V1
                ? TestTorrents.v1Single(file, PIECE_LENGTH)
                : TestTorrents.v2Single(version, file, PIECE_LENGTH);
    }

    private static Map<String, Integer> inFileTreeOrder(Map<String, Integer> files) {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        files.keySet().stream()
                .sorted((a, b) -> MetainfoBuilder.FILE_TREE_ORDER.compare(components(a), components(b)))
                .forEach(p -> sorted.put(p, files.get(p)));
        return sorted;
    }

    private static List<String> components(String path) {
        return Arrays.asList(path.split("/"));
    }
}
