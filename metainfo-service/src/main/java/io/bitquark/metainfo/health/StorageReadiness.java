package io.bitquark.metainfo.health;

import io.bitquark.metainfo.config.MetainfoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: the content root and the torrent directory exist and are writable (volumes mounted). */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

    private final Path contentRoot;
    private final Path torrentDir;

    public StorageReadiness(MetainfoConfig config) {
        this.contentRoot = Path.of(config.contentRoot());
        this.torrentDir = Path.of(config.torrentDir());
    }

    @Override
    public HealthCheckResponse call() {
        boolean content = Files.isDirectory(contentRoot) && Files.isWritable(contentRoot);
        boolean torrents = Files.isDirectory(torrentDir) && Files.isWritable(torrentDir);
        return HealthCheckResponse.named("storage")
                .status(content && torrents)
                .withData(
                        "content-root",
                        contentRoot.toAbsolutePath().toString() + (content ? "" : " (missing or read-only)"))
                .withData(
                        "torrent-dir",
                        torrentDir.toAbsolutePath().toString() + (torrents ? "" : " (missing or read-only)"))
                .build();
    }
}
