package io.bitquark.seeder.api;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.bitquark.seeder.storage.TestTorrents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Content and torrents for the REST specifications, in the running application's data root (see
 * {@link SeederTestResource}): the webtorrent fixtures, and hybrid torrents made from random files.
 */
final class Fixtures {

    static final String ALICE = "alice.torrent";
    static final String ALICE_V1 = "722fe65b2aa26d14f35b4ad627d20236e481d924";
    static final String FOLDER = "folder.torrent";
    static final String NUMBERS = "numbers.torrent";

    private Fixtures() {}

    static Path dataRoot() {
        return configuredPath("bitquark.seeder.data-root");
    }

    static Path stateDir() {
        return configuredPath("bitquark.seeder.state-dir");
    }

    /** The directory {@link TorrentFileServer} serves: {@code served/torrents/<hash>.torrent} is metainfo-service's path. */
    static Path servedDir() {
        return stateDir().resolveSibling("served");
    }

    static String metainfoServerUrl() {
        return ConfigProvider.getConfig().getValue("bitquark.seeder.metainfo-url", String.class);
    }

    static Path webtorrentDir() {
        return TestTorrents.webtorrentFixtures();
    }

    /** The bytes of a webtorrent fixture's .torrent. */
    static byte[] torrent(String fixture) {
        return read(webtorrentDir().resolve(fixture));
    }

    /** Copies a webtorrent fixture's content (a file or a directory) to {@code relative} under the data root. */
    static Path copyContent(String fixture, String relative) {
        Path to = dataRoot().resolve(relative);
        copyTree(webtorrentDir().resolve(fixture), to, p -> true);
        return to;
    }

    /** Copies the file or directory tree {@code from} to {@code to}, replacing files, leaving out what {@code include} refuses. */
    static void copyTree(Path from, Path to, Predicate<Path> include) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.filter(include).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts {@code bytes} where {@link TorrentFileServer} serves them, at {@code /path}. */
    static String serve(String path, byte[] bytes) {
        try {
            Path file = servedDir().resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            return metainfoServerUrl() + "/" + path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A hybrid (v1 + v2) torrent of a new directory {@code name} under the data root holding two files of
     * random bytes (seeded), with 16 KiB pieces.
     */
    static Metainfo hybrid(String name, long seed) {
        try {
            Path dir = dataRoot().resolve(name);
            TestTorrents.write(dir.resolve("a.bin"), 40_000, seed);
            TestTorrents.write(dir.resolve("b.bin"), 25_000, seed + 1);
            return TestTorrents.v2Multi(MetaVersion.HYBRID, dir, TestTorrents.KIB16, "a.bin", "b.bin");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Metainfo parse(byte[] torrent) {
        try {
            return MetainfoParser.lenient().parse(torrent);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path configuredPath(String property) {
        return Path.of(ConfigProvider.getConfig().getValue(property, String.class))
                .toAbsolutePath();
    }
}
