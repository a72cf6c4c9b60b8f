package io.bitquark.seeder.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.seeder.config.SeederConfig;
import io.bitquark.seeder.interop.SeederApi;
import io.bitquark.seeder.interop.SeederDirectories;
import io.bitquark.seeder.it.SeederServiceProcess;
import io.bitquark.seeder.torrent.TorrentSession;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * We download from another seeder-service (the packaged jar, a process of its own) while a raw-socket peer in the
 * same swarm sends nothing but corrupt blocks: the liar is banned by smart ban, the honest seeder-service is not,
 * and the download completes byte-identical.
 *
 * <p>The other seeder-service uploads at most 4 MiB/s, so that the liar, answering 4 requests at a time, takes part
 * for the seconds the 16 MiB take. Every block it sends is corrupt: each piece it sent any block of fails, and a piece
 * it was the only sender of is proof against it; once it is proven in {@link SmartBan#PROOFS_TO_BAN} pieces, it is
 * banned. The liar is on 127.0.0.2, the other seeder-service on 127.0.0.1, so the ban, which is by address, tells
 * them apart.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
@Tag("interop")
class WeDownloadFromAnotherSeederServiceTest {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final String DISCONNECTED = "bitquark_seeder_peers_disconnected_total";

    @Inject
    SeederConfig config;

    @Inject
    TorrentSession session;

    @TempDir
    Path work;

    @Test
    void aLiarInTheSwarmIsBannedWhileWeDownloadFromAnotherSeederServiceByteIdentical() throws Exception {
        GeneratedTorrent torrent = GeneratedTorrent.of("from another seeder.bin", 16L * MIB, 64 * KIB, 5);
        String name = torrent.metainfo().name();
        Path otherData = work.resolve("other-data");
        torrent.writeTo(otherData.resolve(name));
        Path torrentFile = Files.write(work.resolve("other.torrent"), torrent.encoded());
        double bansBefore = RawSeeds.metric(DISCONNECTED, "reason=\"banned\"");
        RawSeed liar = RawSeed.of(torrent).at("127.0.0.2").reqq(4).corrupting((piece, begin) -> true);

        try (SeederServiceProcess other = SeederServiceProcess.with(otherData, work.resolve("other-state"))
                        .property("bitquark.seeder.choking.upload-rate-limit", Long.toString(4L * MIB))
                        .start();
                liar) {
            String otherId = other.add(torrentFile, name).get("id").asText();
            other.awaitState(otherId, "seeding");
            liar.start();
            String id = RawSeeds.download(torrent);
            RawSeeds.givePeers(id, "127.0.0.1:" + other.peerPort(), liar.endpoint());

            assertThat(liar.awaitClosedByService()).as("the liar disconnected").isTrue();
            TorrentDownload download = session.find(id).orElseThrow().download();
            assertThat(download.banned(InetAddress.getByName("127.0.0.2")))
                    .as("the liar banned")
                    .isTrue();
            assertThat(RawSeeds.metric(DISCONNECTED, "reason=\"banned\"") - bansBefore)
                    .as("peers disconnected as banned")
                    .isEqualTo(1.0);

            SeederApi.awaitState(id, "seeding");
            assertThat(download.banned(InetAddress.getByName("127.0.0.1")))
                    .as("the other seeder-service banned")
                    .isFalse();
            torrent.assertIsContentOf(Path.of(config.dataRoot(), name));
            JsonPath after = SeederApi.torrent(id);
            assertThat(after.getLong("downloaded")).isEqualTo(torrent.length());
            assertThat(liar.corrupted()).as("corrupt blocks the liar sent").isNotEmpty();
            assertThat(after.getLong("wastedBytes"))
                    .as("the pieces that failed: at least the two that proved the liar")
                    .isGreaterThanOrEqualTo((long) torrent.pieceLength() * SmartBan.PROOFS_TO_BAN);
            assertThat(other.torrent(otherId).get("uploaded").asLong())
                    .as("what the other seeder-service sent: every block of every verified piece")
                    .isGreaterThanOrEqualTo(torrent.length());
        }
    }
}
