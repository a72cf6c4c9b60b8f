package io.bitquark.seeder.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.seeder.peer.DisconnectReason;
import io.bitquark.seeder.peer.PeerConnectException;
import io.bitquark.seeder.peer.PieceSetTorrent;
import io.vertx.core.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The outbound dialer, driven tick by tick on a clock of the test's own: which peers it dials, when it tries a peer
 * again, and the seeds a complete torrent leaves alone.
 */
class PeerDialerTest {

    private static final Duration RETRY_INITIAL = Duration.ofSeconds(10);
    private static final Duration RETRY_MAX = Duration.ofSeconds(60);

    private long now = 1_000_000_000L;
    /** The attempts the dialer made, in order, by endpoint; each completes when the test says. */
    private final Map<String, Promise<Void>> attempts = new LinkedHashMap<>();

    private final List<String> dialled = new ArrayList<>();
    /** The endpoints connected, as the torrents' connections would list them. */
    private final Set<String> connected = new HashSet<>();

    private final PeerDialer dialer = new PeerDialer(
            (torrent, host, port) -> {
                String endpoint = PeerDialer.endpoint(host, port);
                dialled.add(endpoint);
                Promise<Void> attempt = Promise.promise();
                attempts.put(endpoint, attempt);
                return attempt.future();
            },
            4,
            RETRY_INITIAL,
            RETRY_MAX,
            () -> now);

    @Test
    void aSeedDialsTheLeechersItHearsOfButNotASeedItFoundItHadNothingFor() {
        PieceSetTorrent torrent = new PieceSetTorrent(4, index -> 16384);
        torrent.having(4);
        watch(torrent, 10);
        dialer.add(torrent, peers("10.0.0.1:6881", "10.0.0.2:6881"));

        dialer.tick();
        assertThat(dialled).containsExactly("10.0.0.1:6881", "10.0.0.2:6881");
        connected(torrent, "10.0.0.1:6881");
        connected(torrent, "10.0.0.2:6881");
        // 10.0.0.1 turned out to have every piece: the connection was closed as upload-only
        dialer.seedFound(torrent, "10.0.0.1", 6881);
        gone("10.0.0.1:6881");
        gone("10.0.0.2:6881");

        dialled.clear();
        now += RETRY_INITIAL.toNanos();
        dialer.tick();
        assertThat(dialled).as("the leecher is dialled again, the seed is not").containsExactly("10.0.0.2:6881");

        torrent.having(3); // a piece was withdrawn: the seed has something for us again
        dialled.clear();
        dialer.tick();
        assertThat(dialled).containsExactly("10.0.0.1:6881");
    }

    @Test
    void aFailedPeerWaitsTheRetryDelayDoublingUpToItsMaximum() {
        PieceSetTorrent torrent = new PieceSetTorrent(4, index -> 16384);
        watch(torrent, 10);
        dialer.add(torrent, peers("10.0.0.1:6881"));
        List<Long> waits = new ArrayList<>();
        long failedAt = 0;
        for (int failure = 0; failure < 5; failure++) {
            dialled.clear();
            while (dialled.isEmpty()) {
                dialer.tick();
                if (dialled.isEmpty()) {
                    now += Duration.ofSeconds(1).toNanos();
                }
            }
            if (failure > 0) {
                waits.add((now - failedAt) / 1_000_000_000L);
            }
            attempts.get("10.0.0.1:6881").fail(new java.io.IOException("refused"));
            failedAt = now;
        }
        assertThat(waits).containsExactly(10L, 20L, 40L, 60L);
    }

    @Test
    void ourselvesIsNeverDialledAgain() {
        PieceSetTorrent torrent = new PieceSetTorrent(4, index -> 16384);
        watch(torrent, 10);
        dialer.add(torrent, peers("10.0.0.9:6881"));
        dialer.tick();
        attempts.get("10.0.0.9:6881").fail(new PeerConnectException(DisconnectReason.SELF_CONNECTION));
        dialled.clear();
        now += RETRY_MAX.toNanos() * 10;
        dialer.tick();
        assertThat(dialled).isEmpty();
    }

    @Test
    void attemptsStayUnderTheTorrentsConnectionLimit() {
        PieceSetTorrent torrent = new PieceSetTorrent(4, index -> 16384);
        watch(torrent, 2);
        connected.add("10.0.1.1:6881");
        dialer.add(torrent, peers("10.0.1.1:6881", "10.0.1.2:6881", "10.0.1.3:6881"));
        dialer.tick();
        assertThat(dialled).as("one connected, one of room left").containsExactly("10.0.1.2:6881");
        dialled.clear();
        dialer.tick();
        assertThat(dialled).as("the attempt in progress takes the room").isEmpty();
    }

    @Test
    void atMostMaxHalfOpenAttemptsAreInProgressAtOnce() {
        PieceSetTorrent torrent = new PieceSetTorrent(4, index -> 16384);
        watch(torrent, 10);
        dialer.add(torrent, peers("10.0.2.1:6881", "10.0.2.2:6881", "10.0.2.3:6881", "10.0.2.4:6881", "10.0.2.5:6881"));
        dialer.tick();
        assertThat(dialled).containsExactly("10.0.2.1:6881", "10.0.2.2:6881", "10.0.2.3:6881", "10.0.2.4:6881");
        dialled.clear();
        dialer.tick();
        assertThat(dialled).as("nothing while 4 attempts are in progress").isEmpty();
        attempts.get("10.0.2.1:6881").fail(new java.io.IOException("refused"));
        dialer.tick();
        assertThat(dialled).containsExactly("10.0.2.5:6881");
    }

    @Test
    void aTorrentThatWantsNoPeersDialsNone() {
        PieceSetTorrent torrent = new PieceSetTorrent(4, index -> 16384);
        dialer.watch(PeerDialer.Target.of(torrent, () -> false, Set::of, 10));
        dialer.add(torrent, peers("10.0.0.1:6881"));
        dialer.tick();
        assertThat(dialled).isEmpty();
    }

    // ---- the test's torrents and peers

    private void watch(PieceSetTorrent torrent, int maxConnections) {
        dialer.watch(PeerDialer.Target.of(torrent, () -> true, () -> Set.copyOf(connected), maxConnections));
    }

    private void connected(PieceSetTorrent torrent, String endpoint) {
        connected.add(endpoint);
        attempts.get(endpoint).complete();
    }

    private void gone(String endpoint) {
        connected.remove(endpoint);
    }

    private static List<InetSocketAddress> peers(String... endpoints) {
        List<InetSocketAddress> peers = new ArrayList<>();
        for (String e : endpoints) {
            int colon = e.lastIndexOf(':');
            peers.add(new InetSocketAddress(e.substring(0, colon), Integer.parseInt(e.substring(colon + 1))));
        }
        return peers;
    }
}
