package io.bitquark.bench;

import io.bitquark.tracker.swarm.AnnounceResult;
import io.bitquark.tracker.swarm.InMemorySwarmStore;
import io.bitquark.tracker.swarm.PeerAnnounce;
import io.bitquark.tracker.swarm.PeerEvent;
import io.bitquark.tracker.swarm.PeerIdentity;
import io.bitquark.tracker.swarm.PeerWindows;
import io.bitquark.tracker.swarm.SwarmPeer;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bytes allocated (and time) per announce of {@link InMemorySwarmStore}: one swarm of {@code peers} peers
 * (one in five a seeder), each operation a re-announce of one of them, numwant {@code numwant}, one in ten
 * with {@code event=started} and the others without event, as in the tracker benchmark's loads. The swarm
 * stays at {@code peers} peers, so the figure is the steady state of a busy swarm. Run with the GC profiler
 * and read {@code gc.alloc.rate.norm} (bytes per operation = per announce):
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar SwarmStoreAnnounceBenchmark -prof gc
 * </pre>
 *
 * <p>The requests ({@link PeerAnnounce}: info-hash, 8-byte identity, endpoint and peer id) are built in
 * setup, so what is counted is the store's own allocation plus the {@code Uni} its API returns, not the
 * caller's decoding. The store's API is about to change (a batch port that writes compact peers into a
 * caller-supplied buffer): everything that touches it is in {@link #announceOnce}, the one method to port.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SwarmStoreAnnounceBenchmark {

    /** Announces replayed in a loop: long enough that the swarm's own sampling, not the sequence, decides. */
    private static final int SEQUENCE = 1 << 14;

    @Param("1000")
    int peers;

    @Param("50")
    int numwant;

    private InMemorySwarmStore store;
    private PeerAnnounce[] sequence;
    private int next;
    private final Answer answer = new Answer();

    @Setup
    public void fillSwarm() {
        store = new InMemorySwarmStore(new PeerWindows(3_600_000), () -> 1_700_000_000_000L);
        byte[] infoHash = sha1("bitquark-bench-swarm-0");
        SplittableRandom random = new SplittableRandom(42);
        PeerAnnounce[] update = new PeerAnnounce[peers];
        PeerAnnounce[] started = new PeerAnnounce[peers];
        for (int i = 0; i < peers; i++) {
            byte[] peerId = new byte[SwarmPeer.PEER_ID_LENGTH];
            System.arraycopy("-BQ0100-".getBytes(StandardCharsets.US_ASCII), 0, peerId, 0, 8);
            for (int b = 8; b < peerId.length; b++) {
                peerId[b] = (byte) random.nextInt(256);
            }
            byte[] address = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
            int port = 1024 + random.nextInt(64512);
            byte[] endpoint =
                    ByteBuffer.allocate(6).put(address).putShort((short) port).array();
            byte[] identity = PeerIdentity.of(peerId, null, address);
            boolean seeder = random.nextInt(5) == 0;
            SwarmPeer peer = new SwarmPeer(endpoint, peerId);
            update[i] = new PeerAnnounce(infoHash, identity, peer, seeder, PeerEvent.UPDATE, numwant);
            started[i] = new PeerAnnounce(infoHash, identity, peer, seeder, PeerEvent.STARTED, numwant);
        }
        for (PeerAnnounce a : started) {
            announceOnce(store, a, answer);
        }
        sequence = new PeerAnnounce[SEQUENCE];
        for (int i = 0; i < SEQUENCE; i++) {
            int peer = random.nextInt(peers);
            sequence[i] = random.nextInt(10) == 0 ? started[peer] : update[peer];
        }
        AnnounceResult check = announceOnce(store, update[0], answer);
        long candidates = update[0].seeder() ? check.incomplete() : peers - 1;
        if (check.complete() + check.incomplete() != peers || check.peers().size() != Math.min(numwant, candidates)) {
            throw new IllegalStateException("the swarm was not filled: " + check.complete() + " seeders, "
                    + check.incomplete() + " leechers, " + check.peers().size() + " peers returned");
        }
    }

    @Benchmark
    public AnnounceResult announce() {
        PeerAnnounce a = sequence[next];
        next = (next + 1) & (SEQUENCE - 1);
        return announceOnce(store, a, answer);
    }

    /**
     * Everything that touches the store's API: one announce in, the swarm's answer out. The tracker's
     * front ends call {@code announceAll} (HTTP with a batch of one, UDP with what one event-loop turn
     * read), so this does too; the answer is taken synchronously from the {@code Uni} with a reused
     * subscriber, the cheapest way to read it.
     */
    static AnnounceResult announceOnce(InMemorySwarmStore store, PeerAnnounce announce, Answer answer) {
        store.announceAll(List.of(announce)).subscribe().withSubscriber(answer);
        return answer.take().get(0);
    }

    /** A reusable subscriber that keeps the item delivered synchronously. */
    static final class Answer implements UniSubscriber<List<AnnounceResult>> {
        private List<AnnounceResult> item;
        private Throwable failure;

        @Override
        public void onSubscribe(UniSubscription subscription) {}

        @Override
        public void onItem(List<AnnounceResult> item) {
            this.item = item;
        }

        @Override
        public void onFailure(Throwable failure) {
            this.failure = failure;
        }

        List<AnnounceResult> take() {
            if (failure != null) {
                throw new IllegalStateException("the store failed", failure);
            }
            if (item == null) {
                throw new IllegalStateException("the store did not answer synchronously");
            }
            List<AnnounceResult> out = item;
            item = null;
            return out;
        }
    }

    static byte[] sha1(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
