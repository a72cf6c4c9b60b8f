package io.bitquark.metainfo.api;

import io.bitquark.metainfo.create.ContentScanner;
import io.bitquark.rest.ApiProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of uploaded content, never outside the content root. */
final class UploadedContent {

    private UploadedContent() {}

    static void delete(ContentScanner scanner, String relative) {
        Path location;
        try {
            location = scanner.resolve(relative);
        } catch (ApiProblem gone) {
            return;
        }
        if (location.equals(scanner.root())) {
            return;
        }
        try (Stream<Path> paths = Files.walk(location)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
