package io.bitquark.seeder.health;

import io.bitquark.seeder.config.SeederConfig;
import io.bitquark.seeder.torrent.TorrentSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: the seeder can take torrents and peers. Down while the peer-wire port is not
 * bound, the state directory (where added torrents are persisted) is not a writable directory, or the data
 * root is not a readable directory. The data reports the bound peer-wire port and the torrent count.
 */
@Readiness
@ApplicationScoped
public class SeederReadiness implements HealthCheck {

    private final TorrentSession session;
    private final Path stateDir;
    private final Path dataRoot;

    public SeederReadiness(TorrentSession session, SeederConfig config) {
        this.session = session;
        this.stateDir = Path.of(config.stateDir());
        this.dataRoot = Path.of(config.dataRoot());
    }

    @Override
    public HealthCheckResponse call() {
        int port = session.peerPort();
        boolean stateWritable = Files.isDirectory(stateDir) && Files.isWritable(stateDir);
        boolean dataReadable = Files.isDirectory(dataRoot) && Files.isReadable(dataRoot);
        return HealthCheckResponse.named("seeder")
                .status(port > 0 && stateWritable && dataReadable)
                .withData("peerPort", port)
                .withData("stateDirWritable", stateWritable)
                .withData("dataRootReadable", dataReadable)
                .withData("torrents", session.torrents().size())
                .build();
    }
}
