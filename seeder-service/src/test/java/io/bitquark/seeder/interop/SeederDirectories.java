package io.bitquark.seeder.interop;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A fresh, empty data root and state directory for each test application, and no announcing: the fixtures
 * name public trackers and tests have no network.
 */
public class SeederDirectories implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            Path base = Files.createDirectories(Path.of("target/test-data"));
            Path run = Files.createTempDirectory(base.toAbsolutePath(), "interop-");
            return Map.of(
                    "bitquark.seeder.data-root",
                            Files.createDirectories(run.resolve("content")).toString(),
                    "bitquark.seeder.state-dir",
                            Files.createDirectories(run.resolve("state")).toString(),
                    "bitquark.seeder.announce.enabled", "false");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {}
}
