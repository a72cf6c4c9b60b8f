package io.bitquark.seeder.download;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How deep a peer's request queue is: slow start, then seconds of its rate, within its limits. */
class RequestDepthTest {

    static final int BLOCK = PiecePicker.BLOCK_LENGTH;
    static final long SECOND = 1_000_000_000L;

    /**
     * A link of {@code blocksPerSecond} and {@code rttMillis}: each round trip delivers what was requested a
     * round trip before, at most the link's share. Returns the depth after {@code seconds}.
     */
    static int overALink(RequestDepth depth, int blocksPerSecond, int rttMillis, int seconds) {
        int tripsPerSecond = 1000 / rttMillis;
        for (int s = 0; s < seconds; s++) {
            for (int trip = 0; trip < tripsPerSecond; trip++) {
                int delivered = Math.min(depth.depth(), blocksPerSecond / tripsPerSecond);
                for (int b = 0; b < delivered; b++) {
                    depth.received(BLOCK);
                }
            }
            depth.tick(SECOND);
        }
        return depth.depth();
    }

    @Test
    void aNewPeerStartsAtTwoRequests() {
        assertThat(new RequestDepth().depth()).isEqualTo(RequestDepth.MIN_DEPTH);
    }

    @Test
    void onAGigabitLinkWith50MsOfRoundTripTheDepthReachesTheLesserOf500AndTheReqq() {
        int gigabit = 125_000_000 / BLOCK; // about 7600 blocks a second

        RequestDepth generous = new RequestDepth();
        generous.peerLimit(2000);
        assertThat(overALink(generous, gigabit, 50, 5)).isEqualTo(500);

        RequestDepth libtorrentDefault = new RequestDepth();
        libtorrentDefault.peerLimit(250);
        assertThat(overALink(libtorrentDefault, gigabit, 50, 5)).isEqualTo(250);

        RequestDepth silentAboutReqq = new RequestDepth();
        assertThat(overALink(silentAboutReqq, gigabit, 50, 5)).isEqualTo(RequestDepth.DEFAULT_REQQ);
    }

    @Test
    void slowStartDoublesTheDepthEveryRoundTrip() {
        RequestDepth depth = new RequestDepth();
        depth.peerLimit(2000);
        for (int trip = 0; trip < 6; trip++) {
            int before = depth.depth();
            for (int b = 0; b < before; b++) {
                depth.received(BLOCK);
            }
            assertThat(depth.depth()).isEqualTo(before * 2);
        }
        assertThat(depth.depth()).isEqualTo(128);
    }

    @Test
    void onceTheRateStopsGrowingTheDepthIsThreeSecondsOfIt() {
        RequestDepth depth = new RequestDepth();
        depth.peerLimit(2000);
        overALink(depth, 100, 100, 4); // 1.6 MB/s, 10 round trips a second
        assertThat(depth.inSlowStart()).isFalse();
        assertThat(depth.depth()).isEqualTo(3 * 100);

        overALink(depth, 20, 100, 1); // the peer slows down to 320 KiB/s
        assertThat(depth.depth()).isEqualTo(3 * 20);
        overALink(depth, 0, 100, 1);
        assertThat(depth.depth()).as("never below two").isEqualTo(RequestDepth.MIN_DEPTH);
    }

    @Test
    void aSnubbedPeerGetsOneRequestUntilABlockArrives() {
        RequestDepth depth = new RequestDepth();
        overALink(depth, 100, 100, 4);
        depth.snub();
        assertThat(depth.snubbed()).isTrue();
        assertThat(depth.depth()).isEqualTo(1);

        depth.received(BLOCK);
        assertThat(depth.snubbed()).isFalse();
        assertThat(depth.depth()).isGreaterThan(1);
    }
}
