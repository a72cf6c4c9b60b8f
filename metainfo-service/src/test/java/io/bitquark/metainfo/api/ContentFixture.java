package io.bitquark.metainfo.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes test content under the running test application's content root (see {@link FreshDirectories}). */
public final class ContentFixture {

    public static final Path ROOT = Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getValue("bitquark.metainfo.content-root", String.class))
            .toAbsolutePath();

    private ContentFixture() {}

    public static Path file(String relative, int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return write(relative, data);
    }

    public static Path text(String relative, String text) {
        return write(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Path write(String relative, byte[] data) {
        try {
            Path p = ROOT.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.write(p, data);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path dir(String relative) {
        try {
            return Files.createDirectories(ROOT.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
