package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.testsupport.FreePorts;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeder stopped with SIGTERM and started again on the same state directory: its torrents come back without
 * being added again, a torrent whose files did not change is trusted from its fast-resume data instead of being
 * hashed again, and a paused torrent stays paused. A real client still downloads every byte afterwards.
 */
@Tag("interop")
class RestartFastResumeIT {

    static final String FULL_CHECKS = "bitquark_seeder_checks_total{result=\"full\"}";
    static final String RESUMED_CHECKS = "bitquark_seeder_checks_total{result=\"resumed\"}";

    @TempDir
    Path dataRoot;

    @TempDir
    Path stateDir;

    @TempDir
    Path work;

    @Test
    void afterARestartTheTorrentsAreBackAndSeedFromFastResumeWithoutAFullCheck() throws Exception {
        SeedContent seeded = SeedContent.create(dataRoot, work, "kept-seeding", 44, MetaVersion.V1, List.of());
        SeedContent paused = SeedContent.create(dataRoot, work, "kept-paused", 55, MetaVersion.HYBRID, List.of());
        int peerPort = FreePorts.tcp();

        SeederServiceProcess first = SeederServiceProcess.with(dataRoot, stateDir)
                .peerPorts(peerPort, peerPort)
                .start();
        try {
            first.add(seeded.torrent(), seeded.name());
            first.add(paused.torrent(), paused.name());
            first.awaitState(seeded.id(), "seeding");
            first.awaitState(paused.id(), "seeding");
            first.pause(paused.id());
            assertThat(first.metric(FULL_CHECKS)).isEqualTo(OptionalDouble.of(2));
            first.stopGracefully();
        } finally {
            first.close();
        }
        assertThat(stateDir)
                .isDirectoryContaining(p -> p.getFileName().toString().equals(seeded.id() + ".torrent"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals(seeded.id() + ".state"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals(seeded.id() + ".resume"));

        try (SeederServiceProcess second = SeederServiceProcess.with(dataRoot, stateDir)
                .peerPorts(peerPort, peerPort)
                .start()) {
            assertThat(second.torrents().get("total").asInt()).isEqualTo(2);
            JsonNode back = second.awaitState(seeded.id(), "seeding");
            assertThat(back.get("piecesHave").asInt())
                    .isEqualTo(back.get("piecesTotal").asInt());
            assertThat(second.torrent(paused.id()).get("state").asText()).isEqualTo("paused");
            assertThat(second.metric(RESUMED_CHECKS))
                    .as("checks trusting fast resume")
                    .isEqualTo(OptionalDouble.of(1));
            assertThat(second.metric(FULL_CHECKS))
                    .as("full checks after the restart")
                    .isEmpty();
            assertThat(second.metric("bitquark_seeder_torrents{state=\"seeding\"}"))
                    .isEqualTo(OptionalDouble.of(1));

            Path saveDir = work.resolve("libtorrent");
            BitTorrentClients.Run libtorrent =
                    BitTorrentClients.libtorrent(seeded.torrent(), saveDir, work, "127.0.0.1:" + peerPort);

            assertThat(libtorrent.exitCode())
                    .as("lt_leech.py's exit code; it printed:\n%s", libtorrent.output())
                    .isZero();
            assertThat(seeded.sha256In(saveDir.resolve(seeded.name()))).isEqualTo(seeded.sha256());
        }
    }
}
