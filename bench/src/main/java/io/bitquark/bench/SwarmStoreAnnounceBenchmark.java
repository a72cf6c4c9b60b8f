package io.bitquark.bench;

import io.bitquark.tracker.swarm.AnnounceBatch;
import io.bitquark.tracker.swarm.InMemorySwarmStore;
import io.bitquark.tracker.swarm.PeerEvent;
import io.bitquark.tracker.swarm.PeerWindows;
import java.nio.charset.StandardCharsets;
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
 * <p>The requests (info-hash, peer id, source address, endpoint) are built in setup and copied into one
 * reused {@link AnnounceBatch}, as a front end does, so what is counted is the store's own allocation: the
 * identity hash, the swarm's arrays and the peers written into the batch. Target: ≤ 64 B per announce.
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

    private static final Runnable DONE = () -> {};

    @Param("1000")
    int peers;

    @Param("50")
    int numwant;

    private InMemorySwarmStore store;
    private byte[] infoHash;
    private byte[][] peerIds;
    private byte[][] addresses;
    private int[] ports;
    private boolean[] seeders;
    private int[] sequence;
    private int next;
    private final AnnounceBatch batch = new AnnounceBatch(1);

    @Setup
    public void fillSwarm() {
        store = new InMemorySwarmStore(new PeerWindows(3_600_000), () -> 1_700_000_000_000L);
        infoHash = sha1("bitquark-bench-swarm-0");
        SplittableRandom random = new SplittableRandom(42);
        peerIds = new byte[peers][];
        addresses = new byte[peers][];
        ports = new int[peers];
        seeders = new boolean[peers];
        for (int i = 0; i < peers; i++) {
            byte[] peerId = new byte[AnnounceBatch.PEER_ID_LENGTH];
            System.arraycopy("-BQ0100-".getBytes(StandardCharsets.US_ASCII), 0, peerId, 0, 8);
            for (int b = 8; b < peerId.length; b++) {
                peerId[b] = (byte) random.nextInt(256);
            }
            peerIds[i] = peerId;
            addresses[i] = new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
            ports[i] = 1024 + random.nextInt(64512);
            seeders[i] = random.nextInt(5) == 0;
        }
        for (int i = 0; i < peers; i++) {
            announceOnce(i, PeerEvent.STARTED);
        }
        sequence = new int[SEQUENCE];
        for (int i = 0; i < SEQUENCE; i++) {
            int peer = random.nextInt(peers);
            sequence[i] = random.nextInt(10) == 0 ? -1 - peer : peer;
        }
        announceOnce(0, PeerEvent.UPDATE);
        long candidates = seeders[0] ? batch.incomplete(0) : peers - 1;
        int returned = batch.ipv4Peers(0) + batch.ipv6Peers(0);
        if (batch.complete(0) + batch.incomplete(0) != peers || returned != Math.min(numwant, candidates)) {
            throw new IllegalStateException("the swarm was not filled: " + batch.complete(0) + " seeders, "
                    + batch.incomplete(0) + " leechers, " + returned + " peers returned");
        }
    }

    @Benchmark
    public int announce() {
        int s = sequence[next];
        next = (next + 1) & (SEQUENCE - 1);
        return s < 0 ? announceOnce(-1 - s, PeerEvent.STARTED) : announceOnce(s, PeerEvent.UPDATE);
    }

    /** One announce through the store's batch port, as the UDP front end makes it; returns the peers given. */
    private int announceOnce(int peer, PeerEvent event) {
        batch.clear();
        int i = batch.add();
        System.arraycopy(infoHash, 0, batch.infoHashes(), AnnounceBatch.infoHashOffset(i), 20);
        System.arraycopy(peerIds[peer], 0, batch.who(), AnnounceBatch.whoOffset(i), 20);
        batch.source(i, addresses[peer], 0, 4);
        batch.endpoint(i, addresses[peer], 0, 4, ports[peer]);
        batch.ask(i, seeders[peer], event, numwant, AnnounceBatch.IPV4, false);
        store.announce(batch, DONE);
        return batch.ipv4Peers(i);
    }

    static byte[] sha1(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
