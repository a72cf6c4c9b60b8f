package io.bitquark.seeder.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.TorrentFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/** Torrent content on disk: copied into place, and compared file by file with SHA-256. */
final class Content {

    private Content() {}

    /**
     * Asserts that every file of the torrent (pad files aside) under {@code downloaded} has the SHA-256 of
     * the same file under {@code seeded}. Both are content paths: the file of a single-file torrent, the
     * directory of a multi-file one.
     */
    static void assertSameFiles(Metainfo torrent, Path seeded, Path downloaded) {
        for (TorrentFile file : torrent.files()) {
            if (file.isPadding()) {
                continue;
            }
            Path expected = torrent.isMultiFile() ? resolve(seeded, file) : seeded;
            Path actual = torrent.isMultiFile() ? resolve(downloaded, file) : downloaded;
            assertThat(actual).as("downloaded %s", file.displayPath()).isRegularFile();
            assertThat(sha256(actual)).as("SHA-256 of %s", file.displayPath()).isEqualTo(sha256(expected));
        }
    }

    /** Copies a file or a directory tree to {@code to}, creating its parents. */
    static void copy(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.toAbsolutePath().getParent());
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path resolve(Path dir, TorrentFile file) {
        Path p = dir;
        for (String component : file.path()) {
            p = p.resolve(component);
        }
        return p;
    }
}
