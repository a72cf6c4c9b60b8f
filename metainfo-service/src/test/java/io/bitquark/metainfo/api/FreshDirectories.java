package io.bitquark.metainfo.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A fresh, empty content root and torrent directory for each test application. Test classes with the same
 * test resources and profile share one application (Quarkus starts it once for them), hence one content root:
 * each class writes its content under directories no other class uses.
 */
public class FreshDirectories implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            Path base = Files.createDirectories(Path.of("target/test-data"));
            Path run = Files.createTempDirectory(base.toAbsolutePath(), "run-");
            return Map.of(
                    "bitquark.metainfo.content-root",
                            Files.createDirectories(run.resolve("content")).toString(),
                    "bitquark.metainfo.torrent-dir",
                            Files.createDirectories(run.resolve("torrents")).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {}
}
