package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BencodeDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeder killed with SIGKILL half-way through a download, and started again on the same state directory and
 * data root, resumes the download instead of starting over. Specified:
 *
 * <ul>
 *   <li>every piece the fast-resume file recorded before the crash is verified as soon as the torrent is back
 *       (a recorded piece was written before it was recorded, so a crash cannot lose it);
 *   <li>none of those is fetched again: the bytes downloaded after the restart are at most the bytes of the
 *       pieces not verified at the restart (a crash loses at most the pieces that were not yet written);
 *   <li>the download completes with every byte as the seed has it.
 * </ul>
 *
 * The seed is python3-libtorrent uploading at a few MiB/s, so that the kill lands mid-download.
 */
@Tag("interop")
class CrashResumeIT {

    static final int MEBIBYTES = 48;
    static final int UPLOAD_LIMIT = 4 * 1024 * 1024;
    static final Duration DOWNLOAD_WAIT = Duration.ofSeconds(120);

    @TempDir
    Path seedRoot;

    @TempDir
    Path dataRoot;

    @TempDir
    Path stateDir;

    @TempDir
    Path work;

    @Test
    void aDownloadKilledHalfWayResumesFromItsRecordedPiecesAndFetchesNoneOfThemAgain() throws Exception {
        SeedContent content = SeedContent.large(seedRoot, work, "crash-resume", 77, MEBIBYTES);
        long pieceLength = content.metainfo().pieceHashes().pieceLength();
        long total = content.metainfo().pieceHashes().totalLength();

        try (BitTorrentClients.Seed seed =
                BitTorrentClients.libtorrentSeed(content.torrent(), seedRoot, work, UPLOAD_LIMIT)) {
            SeederServiceProcess first =
                    SeederServiceProcess.with(dataRoot, stateDir).start();
            try {
                first.download(content.torrent(), content.name());
                first.addPeers(content.id(), seed.address());
                await().atMost(DOWNLOAD_WAIT)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> first.torrent(content.id())
                                        .path("downloadPercent")
                                        .asDouble()
                                >= 50);
                first.kill();
            } finally {
                first.close();
            }
            BitSet recorded = recordedPieces(stateDir.resolve(content.id() + ".resume"));
            int piecesTotal = content.metainfo().pieceHashes().pieceCount();
            assertThat(recorded.cardinality())
                    .as("pieces the fast-resume file recorded before the kill")
                    .isPositive()
                    .isLessThan(piecesTotal);

            try (SeederServiceProcess second =
                    SeederServiceProcess.with(dataRoot, stateDir).start()) {
                JsonNode back = awaitNotChecking(second, content.id());
                int verifiedAtRestart = back.path("piecesHave").asInt();
                assertThat(verifiedAtRestart)
                        .as("pieces verified at the restart (recorded before the kill: %s)", recorded.cardinality())
                        .isGreaterThanOrEqualTo(recorded.cardinality());
                assertThat(back.path("state").asText()).isEqualTo("downloading");

                second.addPeers(content.id(), seed.address());
                JsonNode done = second.awaitState(content.id(), "seeding", DOWNLOAD_WAIT);

                long missingAtRestart = Math.min(total, (long) (piecesTotal - verifiedAtRestart) * pieceLength);
                assertThat(done.path("downloaded").asLong())
                        .as(
                                "bytes downloaded after the restart, with %s of %s pieces verified then",
                                verifiedAtRestart, piecesTotal)
                        .isLessThanOrEqualTo(missingAtRestart);
                assertThat(done.path("wastedBytes").asLong()).isZero();
                assertThat(done.path("piecesHave").asInt()).isEqualTo(piecesTotal);
            }
        }
        assertThat(content.sha256In(dataRoot.resolve(content.name()))).isEqualTo(content.sha256());
    }

    /** The torrent once its start-up check is over (it downloads or seeds). */
    private static JsonNode awaitNotChecking(SeederServiceProcess seeder, String id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(SeederServiceProcess.STATE_WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last[0] = seeder.torrent(id);
                    return !last[0].path("state").asText().equals("checking");
                });
        return last[0];
    }

    /** The {@code pieces} bitfield of a fast-resume file (BEP 3 order: the high bit of byte 0 is piece 0). */
    static BitSet recordedPieces(Path resume) throws Exception {
        BDictionary dict = (BDictionary) BencodeDecoder.strict().decodeValue(Files.readAllBytes(resume));
        byte[] bits = dict.getString("pieces").bytes();
        BitSet pieces = new BitSet();
        for (int i = 0; i < bits.length * 8; i++) {
            if ((bits[i / 8] & (0x80 >>> (i % 8))) != 0) {
                pieces.set(i);
            }
        }
        return pieces;
    }
}
