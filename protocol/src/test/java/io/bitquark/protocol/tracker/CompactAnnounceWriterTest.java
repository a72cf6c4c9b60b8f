package io.bitquark.protocol.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The packed compact writer answers byte for byte what the general encoder answers. */
class CompactAnnounceWriterTest {

    @Test
    void writesWhatTheEncoderWritesForEveryMixOfFamilies() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int v4 = random.nextInt(60);
            int v6 = round % 3 == 0 ? 0 : random.nextInt(20);
            byte[] entries = new byte[3 + 6 * v4 + 18 * v6];
            random.nextBytes(entries);
            List<Peer> peers = new ArrayList<>();
            for (int p = 0; p < v4; p++) {
                peers.add(peer(entries, 3 + 6 * p, 4));
            }
            for (int p = 0; p < v6; p++) {
                peers.add(peer(entries, 3 + 6 * v4 + 18 * p, 16));
            }
            long complete = random.nextInt(100_000);
            long incomplete = round == 7 ? 0 : random.nextInt(1000);
            AnnounceResponse response = AnnounceResponse.builder(1800)
                    .minInterval(900)
                    .complete((int) complete)
                    .incomplete((int) incomplete)
                    .peers(peers)
                    .build();

            byte[] written =
                    CompactAnnounceWriter.write(complete, incomplete, 1800, 900, entries, 3, v4, 3 + 6 * v4, v6);

            assertThat(written)
                    .as("round %d", round)
                    .isEqualTo(TrackerResponseEncoder.encode(response, PeerListFormat.COMPACT));
        }
    }

    private static Peer peer(byte[] entries, int at, int addressLength) {
        byte[] address = java.util.Arrays.copyOfRange(entries, at, at + addressLength);
        int port = ((entries[at + addressLength] & 0xff) << 8) | (entries[at + addressLength + 1] & 0xff);
        return Peer.of(address, port);
    }
}
