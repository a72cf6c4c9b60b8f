package io.bitquark.seeder.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.seeder.config.SeederConfig;
import io.bitquark.seeder.interop.SeederApi;
import io.bitquark.seeder.interop.SeederDirectories;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A peer that takes our requests and never answers is snubbed after {@code bitquark.seeder.peer.snub-timeout} (2 s
 * here): its requests are cancelled and go to the other peers, and it is asked for one block at a time.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
@TestProfile(SnubbedPeerTest.ShortSnubTimeout.class)
class SnubbedPeerTest {

    /** A snub timeout short enough for a test. */
    public static class ShortSnubTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bitquark.seeder.peer.snub-timeout", "PT2S");
        }
    }

    @Inject
    SeederConfig config;

    /**
     * A silent seed (it accepts requests and never answers) next to one that answers is snubbed, as the API's peer
     * listing shows, and the answering one is not. Its requests are cancelled then, well before the end of the
     * download (so not by endgame), and from then on it is asked for one block at a time; every block it was asked
     * for comes from the other seed, and the download completes byte for byte, with nothing wasted.
     *
     * <p>The answering seed allows 4 requests ({@code reqq}) and answers each 50 ms after it arrived, so it
     * delivers at most 80 blocks a second: the first half of the torrent's 1024 blocks takes at least 6.4 s, far
     * more than the snub timeout and the one-second tick that checks it. The silent seed is told of each piece we
     * verify ({@code have}); the snub's cancels reach it before half of those.
     */
    @Test
    void aPeerThatNeverAnswersIsSnubbedAndItsBlocksComeFromTheOther() throws Exception {
        GeneratedTorrent torrent = GeneratedTorrent.of("snubbed.bin", 16L * 1024 * 1024, 256 * 1024, 5);
        try (RawSeed answering = RawSeed.of(torrent)
                        .reqq(4)
                        .answerAfter(Duration.ofMillis(50))
                        .start();
                RawSeed silent = RawSeed.of(torrent).silent().start()) {
            String id = RawSeeds.download(torrent);
            RawSeeds.givePeers(id, answering, silent);

            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(RawSeeds.peer(id, silent).get("snubbed"))
                            .as("the silent peer snubbed")
                            .isEqualTo(true));
            assertThat(RawSeeds.peer(id, answering).get("snubbed"))
                    .as("the answering peer snubbed")
                    .isEqualTo(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> !silent.cancels().isEmpty());
            assertThat(havesBeforeTheFirstCancel(silent.received()))
                    .as("pieces verified before the snub's cancels reached the silent seed")
                    .isLessThan(torrent.pieceCount() / 2);
            assertThat(silent.outstanding())
                    .as("requests the snubbed seed holds")
                    .isLessThanOrEqualTo(1);
            silent.resetMaxOutstanding();
            assertThat(silent.closedByService())
                    .as("the snubbed peer stays connected while we download")
                    .isFalse();

            SeederApi.awaitState(id, "seeding");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cancelled(silent.cancels()))
                    .as("cancels the silent seed received, one for each request it got")
                    .containsExactlyInAnyOrderElementsOf(silent.requests()));
            assertThat(silent.maxOutstanding())
                    .as("requests the snubbed seed held at once")
                    .isEqualTo(1);
            assertThat(silent.answered()).isEmpty();
            assertThat(answering.answered())
                    .as("blocks the answering seed sent")
                    .containsAll(silent.requests())
                    .hasSize(torrent.blockCount());
            JsonPath after = SeederApi.torrent(id);
            assertThat(after.getLong("downloaded")).isEqualTo(torrent.length());
            assertThat(after.getLong("wastedBytes")).isZero();
            torrent.assertIsContentOf(
                    Path.of(config.dataRoot(), torrent.metainfo().name()));
        }
    }

    private static int havesBeforeTheFirstCancel(List<PeerMessage> received) {
        int haves = 0;
        for (PeerMessage message : received) {
            if (message instanceof PeerMessage.Cancel) {
                return haves;
            }
            haves += message instanceof PeerMessage.Have ? 1 : 0;
        }
        throw new AssertionError("no cancel received");
    }

    private static List<PeerMessage.Request> cancelled(List<PeerMessage.Cancel> cancels) {
        return cancels.stream()
                .map(c -> new PeerMessage.Request(c.pieceIndex(), c.begin(), c.length()))
                .toList();
    }
}
