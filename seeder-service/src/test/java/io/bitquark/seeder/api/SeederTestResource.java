package io.bitquark.seeder.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A fresh seeder for each test class: an empty state directory, a data root holding a copy of the webtorrent
 * fixtures' content (alice.txt, folder, numbers, lots-of-numbers, the epub), announcing off, and a
 * {@link TorrentFileServer} on a free port standing in as metainfo-service
 * ({@code bitquark.seeder.metainfo-url}). Init args are further config properties for the class.
 */
public class SeederTestResource implements QuarkusTestResourceLifecycleManager {

    private final Map<String, String> extra = new HashMap<>();
    private TorrentFileServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        extra.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        try {
            Path base = Files.createDirectories(Path.of("target/test-data"));
            Path run = Files.createTempDirectory(base.toAbsolutePath(), "seeder-");
            Path content = Files.createDirectories(run.resolve("content"));
            copyWebtorrentContent(content);
            server = TorrentFileServer.start(Files.createDirectories(run.resolve("served")));
            Map<String, String> config = new HashMap<>(Map.of(
                    "bitquark.seeder.data-root", content.toString(),
                    "bitquark.seeder.state-dir",
                            Files.createDirectories(run.resolve("state")).toString(),
                    "bitquark.seeder.metainfo-url", server.baseUrl(),
                    "bitquark.seeder.announce.enabled", "false"));
            config.putAll(extra);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Every fixture's content (all but the .torrent files and the notes) copied to {@code target}. */
    private static void copyWebtorrentContent(Path target) {
        Fixtures.copyTree(Fixtures.webtorrentDir(), target, p -> {
            String name = p.getFileName().toString();
            return !name.endsWith(".torrent") && !name.equals("LICENSE") && !name.equals("EXPECTED.tsv");
        });
    }
}
