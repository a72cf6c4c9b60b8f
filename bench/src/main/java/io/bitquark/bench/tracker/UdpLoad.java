package io.bitquark.bench.tracker;

import io.bitquark.protocol.tracker.AddressFamily;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.udp.UdpAction;
import io.bitquark.protocol.tracker.udp.UdpAnnounceRequest;
import io.bitquark.protocol.tracker.udp.UdpAnnounceResponse;
import io.bitquark.protocol.tracker.udp.UdpConnectRequest;
import io.bitquark.protocol.tracker.udp.UdpConnectResponse;
import io.bitquark.protocol.tracker.udp.UdpErrorResponse;
import io.bitquark.protocol.tracker.udp.UdpPacketException;
import io.bitquark.protocol.tracker.udp.UdpTrackerPackets;
import io.bitquark.protocol.tracker.udp.UdpTrackerResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * BEP 15 announce load, shaped like aquatic's UDP load tester: a number of sockets, each with its own
 * connection id and a fixed number of requests in flight. A socket sends a connect request first, then
 * announces that reuse the connection id; it asks for a new one every {@code --reconnect} seconds and
 * after an error response. Announces go to 1000 swarms (or as many as the info-hash file holds) with a
 * Zipf popularity, from a pool of distinct peers with random peer ids, ports and {@code left}, numwant 50.
 *
 * <p>Every response is matched to its request by transaction id; the latency of an announce is from its
 * send to its response. Requests unanswered after {@code --timeout-ms} count as timeouts and their slot
 * is reused. Packets are built and read with {@code io.bitquark.protocol.tracker.udp}.
 *
 * <p>With {@code --rate R} the load is open loop instead, like {@code HttpRateLoad}: announce n is due at
 * start + n/R whatever happened before, goes out on the next socket with a free slot ({@code --sockets} x
 * {@code --in-flight} bound the requests outstanding; beyond, due announces wait and their wait counts),
 * and its latency runs from its due time (coordinated omission corrected); an announce unanswered after
 * {@code --timeout-ms} enters the percentiles at that timeout. When the next announce is due within 1.5 ms
 * the sockets are busy-polled (a selector sleeps in whole milliseconds), so at the rates of a tracker
 * benchmark the generator uses its core fully: pin it to a core of its own. {@code late_starts} counts
 * announces sent more than 1 ms after their due time (the generator could not keep up, or every slot was
 * busy), and those never sent, which count as timeouts too: those still overdue by more than the timeout
 * when a slot frees (they are dropped, as a client would have given up on them) and those still unsent at
 * the end. {@code p99_send_us} is the p99 from the actual send instead, for comparison.
 *
 * <p>Every announce response is checked: its action, a whole number of 6-byte peers and no more than
 * numwant of them; {@code empty} counts the answers without any peer (a tracker that leaves the announcing
 * peer out gives those for a swarm holding no other peer).
 *
 * <p>Fill mode announces peers {@code --fill-from} .. {@code --fill-to} - 1 (distinct peer ids, keys and
 * ports, derived from the index) to ONE swarm, retrying lost requests until each is answered, then
 * measures the latency of {@code --latency-samples} re-announces of those peers one at a time: the Redis
 * memory probe uses it to size a swarm through the tracker.
 */
public final class UdpLoad {

    static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar io.bitquark.bench.tracker.UdpLoad --port PORT [options]
            load mode (default), prints one line "BQ-UDP ...":
              --info-hashes FILE    swarms, one 40-hex info-hash a line (required)
              --host 127.0.0.1      tracker address (IPv4)
              --duration 20         measured seconds      --warmup 3   seconds before measuring
              --threads 1           threads (the sockets are shared out among them)
              --sockets 16          UDP sockets           --in-flight 8   requests in flight per socket
              --numwant 50          --zipf 1.0  swarm popularity exponent (0 = uniform)
              --peers 100000        distinct peers; each announce is from one of them, drawn at random
              --reconnect 60        seconds a connection id is used before asking for a new one
              --timeout-ms 1000     a request unanswered this long counts as a timeout
              --full-decode true    decode each announce response's peer list (false: header and length only)
              --cpu-pids "P1 P2"    processes whose CPU seconds over the measured window are reported
              --rate R              open loop at R announces/s in total (default: closed loop, as fast as answered)
            fill mode, prints one line "BQ-FILL ...":
              --fill-to N           announce peers [fill-from, N) to one swarm, then sample latency
              --fill-from 0         --latency-samples 2000
              --info-hash HEX       the swarm (default: the first line of --info-hashes)""";

    private UdpLoad() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args, USAGE);
        InetSocketAddress target =
                new InetSocketAddress(options.string("host", "127.0.0.1"), Integer.parseInt(options.required("port")));
        int threads = options.integer("threads", 1);
        double rate = options.decimal("rate", 0);
        Settings settings = new Settings(
                options.integer("numwant", 50),
                options.longValue("reconnect", 60) * 1_000_000_000L,
                options.longValue("timeout-ms", 1000) * 1_000_000L,
                Boolean.parseBoolean(options.string("full-decode", "true")),
                rate > 0 ? (long) (1e9 * threads / rate) : 0);
        if (options.has("fill-to")) {
            fill(options, target, settings);
        } else {
            load(options, target, settings);
        }
    }

    private static void load(Options options, InetSocketAddress target, Settings settings) throws Exception {
        Swarms swarms = Swarms.read(options.path("info-hashes"), options.decimal("zipf", 1.0));
        int threads = options.integer("threads", 1);
        int sockets = options.integer("sockets", 16);
        int inFlight = options.integer("in-flight", 8);
        int peers = options.integer("peers", 100_000);
        long durationNanos = options.longValue("duration", 20) * 1_000_000_000L;
        long measureFrom = System.nanoTime() + options.longValue("warmup", 3) * 1_000_000_000L;
        long deadline = measureFrom + durationNanos;
        long cpuBefore = CpuTime.ofThisProcess();

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Result>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int socketsOfThread = sockets / threads + (t < sockets % threads ? 1 : 0);
            Workload workload = new RandomPeers(swarms, peers / threads, new SplittableRandom(31L * t + 17));
            Worker worker = new Worker(
                    target,
                    socketsOfThread,
                    inFlight,
                    workload,
                    settings,
                    measureFrom,
                    deadline,
                    new SplittableRandom(97L * t + 5));
            futures.add(pool.submit(worker::run));
        }
        long[] cpuPids = ProcessCpu.parse(options.string("cpu-pids", ""));
        sleepUntil(measureFrom);
        double targetCpuBefore = ProcessCpu.seconds(cpuPids);
        sleepUntil(deadline);
        double targetCpu = ProcessCpu.seconds(cpuPids) - targetCpuBefore;
        Result total = new Result();
        for (Future<Result> future : futures) {
            total.add(future.get());
        }
        pool.shutdown();
        double seconds = durationNanos / 1e9;
        System.out.printf(
                Locale.ROOT,
                "BQ-UDP responses=%d seconds=%.1f rate=%.0f target_rate=%.0f errors=%d timeouts=%d malformed=%d "
                        + "empty=%d connects=%d late_starts=%d p50_us=%d p99_us=%d max_us=%d p99_send_us=%d "
                        + "target_cpu_s=%.2f generator_cpu_s=%.2f%s%n",
                total.responses,
                seconds,
                total.responses / seconds,
                options.decimal("rate", 0),
                total.errors,
                total.timeouts,
                total.malformed,
                total.empty,
                total.connects,
                total.lateStarts,
                total.latency.percentile(50),
                total.latency.percentile(99),
                total.latency.max(),
                total.fromSend.percentile(99),
                targetCpu,
                (CpuTime.ofThisProcess() - cpuBefore) / 1e9,
                total.describeFirstError());
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static void fill(Options options, InetSocketAddress target, Settings settings) throws Exception {
        byte[] infoHash = options.has("info-hash")
                ? HexFormat.of().parseHex(options.required("info-hash"))
                : Swarms.read(options.path("info-hashes"), 0).infoHash(0);
        int from = options.integer("fill-from", 0);
        int to = options.integer("fill-to", 0);
        int samples = options.integer("latency-samples", 2000);
        long start = System.nanoTime();
        long maxNanos = options.longValue("max-seconds", 1800) * 1_000_000_000L;

        FillPeers fill = new FillPeers(infoHash, from, to);
        Result filled = new Worker(
                        target,
                        options.integer("sockets", 16),
                        options.integer("in-flight", 8),
                        fill,
                        settings,
                        start,
                        start + maxNanos,
                        new SplittableRandom(1))
                .run();
        double fillSeconds = (System.nanoTime() - start) / 1e9;

        long sampleStart = System.nanoTime();
        SamplePeers sample = new SamplePeers(infoHash, to, samples);
        Result sampled = new Worker(
                        target, 1, 1, sample, settings, sampleStart, sampleStart + maxNanos, new SplittableRandom(3))
                .run();
        System.out.printf(
                Locale.ROOT,
                "BQ-FILL peers=%d..%d answered=%d seconds=%.1f rate=%.0f errors=%d timeouts=%d "
                        + "samples=%d p50_us=%d p99_us=%d max_us=%d%s%n",
                from,
                to,
                fill.answered,
                fillSeconds,
                fill.answered / fillSeconds,
                filled.errors + sampled.errors,
                filled.timeouts + sampled.timeouts,
                sampled.latency.count(),
                sampled.latency.percentile(50),
                sampled.latency.percentile(99),
                sampled.latency.max(),
                filled.describeFirstError());
    }

    /** {@code intervalNanos}: 0 for a closed loop, else the time between two announces due on one thread. */
    record Settings(int numWant, long reconnectNanos, long timeoutNanos, boolean fullDecode, long intervalNanos) {

        Settings(int numWant, long reconnectNanos, long timeoutNanos, boolean fullDecode) {
            this(numWant, reconnectNanos, timeoutNanos, fullDecode, 0);
        }

        boolean openLoop() {
            return intervalNanos > 0;
        }
    }

    /** One announcing peer. */
    record PeerSpec(byte[] infoHash, byte[] peerId, int port, long left, int key) {}

    /** Where announces come from. Called from one thread only. */
    interface Workload {

        /** The next peer to announce, or {@code null} when none is due now. */
        PeerSpec next(SplittableRandom random);

        default void answered(PeerSpec peer) {}

        default void lost(PeerSpec peer) {}

        default boolean finished() {
            return false;
        }
    }

    /** A fixed pool of distinct peers, each bound to a swarm drawn from the popularity law. */
    static final class RandomPeers implements Workload {

        private final PeerSpec[] pool;

        RandomPeers(Swarms swarms, int size, SplittableRandom random) {
            pool = new PeerSpec[Math.max(1, size)];
            for (int i = 0; i < pool.length; i++) {
                byte[] peerId = new byte[20];
                System.arraycopy("-BQ0100-".getBytes(StandardCharsets.US_ASCII), 0, peerId, 0, 8);
                for (int b = 8; b < 20; b++) {
                    peerId[b] = (byte) random.nextInt(256);
                }
                long left = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(2_000_000_000);
                pool[i] = new PeerSpec(
                        swarms.infoHash(swarms.pick(random)),
                        peerId,
                        1024 + random.nextInt(64512),
                        left,
                        random.nextInt());
            }
        }

        @Override
        public PeerSpec next(SplittableRandom random) {
            return pool[random.nextInt(pool.length)];
        }
    }

    /** Peers {@code from .. to - 1} of one swarm, each announced until answered once. */
    static final class FillPeers implements Workload {

        private final byte[] infoHash;
        private final int to;
        private final ArrayDeque<PeerSpec> retries = new ArrayDeque<>();
        private int nextIndex;
        private long answered;
        private final long wanted;

        FillPeers(byte[] infoHash, int from, int to) {
            this.infoHash = infoHash;
            this.nextIndex = from;
            this.to = to;
            this.wanted = Math.max(0, to - from);
        }

        @Override
        public PeerSpec next(SplittableRandom random) {
            if (!retries.isEmpty()) {
                return retries.poll();
            }
            return nextIndex < to ? indexed(infoHash, nextIndex++) : null;
        }

        @Override
        public void answered(PeerSpec peer) {
            answered++;
        }

        @Override
        public void lost(PeerSpec peer) {
            retries.add(peer);
        }

        @Override
        public boolean finished() {
            return answered >= wanted;
        }
    }

    /** Re-announces of random peers among the first {@code size} of a filled swarm. */
    static final class SamplePeers implements Workload {

        private final byte[] infoHash;
        private final int size;
        private final int samples;
        private int answered;

        SamplePeers(byte[] infoHash, int size, int samples) {
            this.infoHash = infoHash;
            this.size = Math.max(1, size);
            this.samples = samples;
        }

        @Override
        public PeerSpec next(SplittableRandom random) {
            return answered < samples ? indexed(infoHash, random.nextInt(size)) : null;
        }

        @Override
        public void answered(PeerSpec peer) {
            answered++;
        }

        @Override
        public boolean finished() {
            return answered >= samples;
        }
    }

    /** Peer number {@code index} of a filled swarm: its peer id, key and port derive from the index alone. */
    static PeerSpec indexed(byte[] infoHash, int index) {
        byte[] peerId = ByteBuffer.allocate(20)
                .put("-BQ0100-".getBytes(StandardCharsets.US_ASCII))
                .putLong(0x6669_6c6c_0000_0000L)
                .putInt(index)
                .array();
        return new PeerSpec(infoHash, peerId, 1024 + index % 64_000, index % 5 == 0 ? 0 : 1_000_000, index);
    }

    /** Counters of one worker, or of all merged. */
    static final class Result {
        final LatencyHistogram latency = new LatencyHistogram();
        /** Open loop only: latency from the actual send rather than the due time. */
        final LatencyHistogram fromSend = new LatencyHistogram();

        long responses;
        long errors;
        long timeouts;
        long malformed;
        long empty;
        long connects;
        long lateStarts;
        String firstError;

        void add(Result other) {
            latency.add(other.latency);
            fromSend.add(other.fromSend);
            responses += other.responses;
            errors += other.errors;
            timeouts += other.timeouts;
            malformed += other.malformed;
            empty += other.empty;
            connects += other.connects;
            lateStarts += other.lateStarts;
            if (firstError == null) {
                firstError = other.firstError;
            }
        }

        void error(String message) {
            errors++;
            if (firstError == null) {
                firstError = message;
            }
        }

        String describeFirstError() {
            return firstError == null ? "" : " first_error=\"" + firstError.replace('"', '\'') + "\"";
        }
    }

    /** One socket: its connection id and its request slots. */
    private static final class Client {
        final DatagramChannel channel;
        final int[] transactionIds;
        final long[] sentAt;
        final long[] sentReally;
        final PeerSpec[] peers;
        final boolean[] busy;
        final boolean[] connectSlot;
        long connectionId;
        boolean hasConnection;
        long connectedAt;
        boolean connecting;

        Client(DatagramChannel channel, int inFlight) {
            this.channel = channel;
            this.transactionIds = new int[inFlight];
            this.sentAt = new long[inFlight];
            this.sentReally = new long[inFlight];
            this.peers = new PeerSpec[inFlight];
            this.busy = new boolean[inFlight];
            this.connectSlot = new boolean[inFlight];
        }

        int slotOf(int transactionId) {
            for (int i = 0; i < busy.length; i++) {
                if (busy[i] && transactionIds[i] == transactionId) {
                    return i;
                }
            }
            return -1;
        }

        int freeSlot() {
            for (int i = 0; i < busy.length; i++) {
                if (!busy[i]) {
                    return i;
                }
            }
            return -1;
        }

        boolean idle() {
            for (boolean b : busy) {
                if (b) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Drives a set of sockets from one thread with a selector. */
    static final class Worker {
        private final InetSocketAddress target;
        private final int sockets;
        private final int inFlight;
        private final Workload workload;
        private final Settings settings;
        private final long measureFrom;
        private final long deadline;
        private final SplittableRandom random;
        private final Result result = new Result();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(UdpTrackerPackets.MAX_DATAGRAM_SIZE + 1);
        private int nextTransactionId;

        Worker(
                InetSocketAddress target,
                int sockets,
                int inFlight,
                Workload workload,
                Settings settings,
                long measureFrom,
                long deadline,
                SplittableRandom random) {
            this.target = target;
            this.sockets = sockets;
            this.inFlight = inFlight;
            this.workload = workload;
            this.settings = settings;
            this.measureFrom = measureFrom;
            this.deadline = deadline;
            this.random = random;
            this.nextTransactionId = random.nextInt();
        }

        Result run() throws IOException {
            List<Client> clients = new ArrayList<>();
            try (Selector selector = Selector.open()) {
                for (int i = 0; i < sockets; i++) {
                    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
                    channel.configureBlocking(false);
                    channel.connect(target);
                    Client client = new Client(channel, inFlight);
                    channel.register(selector, SelectionKey.OP_READ, client);
                    clients.add(client);
                }
                if (settings.openLoop()) {
                    runOpenLoop(clients, selector);
                    return result;
                }
                while (true) {
                    long now = System.nanoTime();
                    if (now >= deadline
                            || workload.finished() && clients.stream().allMatch(Client::idle)) {
                        break;
                    }
                    for (Client client : clients) {
                        expire(client, now);
                        fill(client, now);
                    }
                    selector.select(1);
                    for (SelectionKey key : selector.selectedKeys()) {
                        drain((Client) key.attachment());
                    }
                    selector.selectedKeys().clear();
                }
            } finally {
                for (Client client : clients) {
                    client.channel.close();
                }
            }
            return result;
        }

        /**
         * Open loop: announce n is due at start + n x interval; each goes out on the next socket (round
         * robin) that has a connection id and a free slot, with its due time as its send time, so that the
         * latency and the timeout run from the due time. After the window it sends nothing more and waits
         * for the announces still out, at most one timeout. Between sends the sockets are polled without
         * sleeping unless the next announce is more than 1.5 ms off: selector waits have a granularity of a
         * millisecond, far coarser than the schedule.
         */
        private void runOpenLoop(List<Client> clients, Selector selector) throws IOException {
            long nextDue = System.nanoTime();
            int cursor = 0;
            boolean tailCounted = false;
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline && !tailCounted) {
                    countUnsent(nextDue);
                    tailCounted = true;
                    nextDue = deadline; // nothing more is sent
                }
                if (now >= deadline && clients.stream().allMatch(Client::idle)) {
                    break; // every announce due in the window answered or timed out
                }
                for (Client client : clients) {
                    expire(client, now);
                    if (now < deadline) {
                        connectIfStale(client, now);
                    }
                }
                while (nextDue <= now && nextDue < deadline) {
                    if (now - nextDue > settings.timeoutNanos()) {
                        // overdue by more than the timeout: a client would have given up on it already
                        if (measuring(nextDue)) {
                            result.timeouts++;
                            result.latency.record(settings.timeoutNanos() / 1000);
                            result.lateStarts++;
                        }
                        nextDue += settings.intervalNanos();
                        continue;
                    }
                    Client free = null;
                    int slot = -1;
                    for (int k = 0; k < clients.size() && free == null; k++) {
                        Client candidate = clients.get((cursor + k) % clients.size());
                        if (candidate.hasConnection && (slot = candidate.freeSlot()) >= 0) {
                            free = candidate;
                            cursor = (cursor + k + 1) % clients.size();
                        }
                    }
                    if (free == null) {
                        break; // every slot busy: the due announces wait, and their wait counts
                    }
                    PeerSpec peer = workload.next(random);
                    if (!send(free, slot, peer, nextDue)) {
                        break;
                    }
                    if (now - nextDue > 1_000_000 && measuring(nextDue)) {
                        result.lateStarts++;
                    }
                    nextDue += settings.intervalNanos();
                }
                long wait = tailCounted ? 2_000_000 : Math.min(nextDue, deadline) - System.nanoTime();
                // sleep in the selector when the next announce is far enough off for its millisecond
                // granularity (or after the window), otherwise poll
                int ready = wait > 1_500_000 ? selector.select(wait / 1_000_000 - 1) : selector.selectNow();
                if (ready > 0) {
                    for (SelectionKey key : selector.selectedKeys()) {
                        drainOnly((Client) key.attachment());
                    }
                    selector.selectedKeys().clear();
                } else {
                    Thread.onSpinWait();
                }
            }
        }

        /**
         * Announces due in the measured window that never went out (every slot stayed busy until the end)
         * were not answered either: they count as timeouts, in the percentiles at the timeout, and as late.
         */
        private void countUnsent(long nextDue) {
            long from = Math.max(nextDue, measureFrom);
            if (from >= deadline) {
                return;
            }
            long unsent = (deadline - from + settings.intervalNanos() - 1) / settings.intervalNanos();
            for (long i = 0; i < unsent; i++) {
                result.latency.record(settings.timeoutNanos() / 1000);
            }
            result.timeouts += unsent;
            result.lateStarts += unsent;
        }

        private void connectIfStale(Client client, long now) {
            boolean stale = !client.hasConnection || now - client.connectedAt > settings.reconnectNanos();
            if (stale && !client.connecting) {
                int slot = client.freeSlot();
                if (slot >= 0) {
                    send(client, slot, null, now);
                }
            }
        }

        private boolean measuring(long now) {
            return now >= measureFrom && now < deadline;
        }

        /**
         * Whether the announce in a slot counts: closed loop, when its answer or timeout falls in the
         * measured window; open loop, when it was due in the window, so that every announce due in the
         * window counts exactly once, answered, timed out or never sent.
         */
        private boolean counts(Client client, int slot, long now) {
            return settings.openLoop() ? measuring(client.sentAt[slot]) : measuring(now);
        }

        private void expire(Client client, long now) {
            for (int i = 0; i < inFlight; i++) {
                if (client.busy[i] && now - client.sentAt[i] > settings.timeoutNanos()) {
                    if (counts(client, i, now) && !(settings.openLoop() && client.connectSlot[i])) {
                        result.timeouts++;
                        if (settings.openLoop() && !client.connectSlot[i]) {
                            result.latency.record(settings.timeoutNanos() / 1000);
                        }
                    }
                    release(client, i, false);
                }
            }
        }

        private void release(Client client, int slot, boolean answered) {
            client.busy[slot] = false;
            if (client.connectSlot[slot]) {
                client.connecting = false;
            } else if (answered) {
                workload.answered(client.peers[slot]);
            } else {
                workload.lost(client.peers[slot]);
            }
            client.peers[slot] = null;
        }

        private void fill(Client client, long now) {
            for (int i = 0; i < inFlight; i++) {
                if (client.busy[i]) {
                    continue;
                }
                boolean stale = !client.hasConnection || now - client.connectedAt > settings.reconnectNanos();
                if (stale && !client.connecting) {
                    if (!send(client, i, null, now)) {
                        return;
                    }
                    continue;
                }
                if (!client.hasConnection) {
                    return;
                }
                PeerSpec peer = workload.next(random);
                if (peer == null || !send(client, i, peer, now)) {
                    return;
                }
            }
        }

        /** Sends a connect request ({@code peer == null}) or an announce in {@code slot}; false when the socket is full. */
        private boolean send(Client client, int slot, PeerSpec peer, long now) {
            int transactionId = nextTransactionId++;
            byte[] packet;
            if (peer == null) {
                packet = new UdpConnectRequest(transactionId).encode();
            } else {
                AnnounceEvent event = random.nextInt(10) == 0 ? AnnounceEvent.STARTED : AnnounceEvent.NONE;
                packet = new UdpAnnounceRequest(
                                client.connectionId,
                                transactionId,
                                peer.infoHash(),
                                peer.peerId(),
                                0,
                                peer.left(),
                                0,
                                event,
                                0,
                                peer.key(),
                                settings.numWant(),
                                peer.port(),
                                new byte[0])
                        .encode();
            }
            try {
                if (client.channel.write(ByteBuffer.wrap(packet)) == 0) {
                    if (peer != null) {
                        workload.lost(peer);
                    }
                    return false;
                }
            } catch (IOException e) {
                if (measuring(now)) {
                    result.error("send: " + e);
                }
                if (peer != null) {
                    workload.lost(peer);
                }
                return false;
            }
            client.busy[slot] = true;
            client.transactionIds[slot] = transactionId;
            client.sentAt[slot] = now;
            client.sentReally[slot] = System.nanoTime();
            client.peers[slot] = peer;
            client.connectSlot[slot] = peer == null;
            if (peer == null) {
                client.connecting = true;
            }
            return true;
        }

        private void drain(Client client) {
            drainOnly(client);
            fill(client, System.nanoTime());
        }

        /** Reads and handles every datagram waiting on the socket. */
        private void drainOnly(Client client) {
            while (true) {
                buffer.clear();
                int n;
                try {
                    n = client.channel.read(buffer);
                } catch (PortUnreachableException e) {
                    if (measuring(System.nanoTime())) {
                        result.error("port unreachable");
                    }
                    break;
                } catch (IOException e) {
                    if (measuring(System.nanoTime())) {
                        result.error("receive: " + e);
                    }
                    break;
                }
                if (n <= 0) {
                    break;
                }
                buffer.flip();
                byte[] packet = new byte[n];
                buffer.get(packet);
                long now = System.nanoTime();
                handle(client, packet, now);
            }
        }

        private void handle(Client client, byte[] packet, long now) {
            boolean measuring = measuring(now);
            int action;
            int transactionId;
            int peerCount = -1;
            try {
                if (!settings.fullDecode() && isAnnounceResponse(packet)) {
                    action = UdpAction.ANNOUNCE.code();
                    transactionId = ByteBuffer.wrap(packet).getInt(4);
                    peerCount = (packet.length - UdpAnnounceResponse.HEADER_SIZE) / 6;
                } else {
                    UdpTrackerResponse response = UdpTrackerPackets.decodeResponse(packet, AddressFamily.IPV4);
                    action = response.action().code();
                    transactionId = response.transactionId();
                    if (response instanceof UdpConnectResponse connect) {
                        int slot = client.slotOf(transactionId);
                        if (slot >= 0 && client.connectSlot[slot]) {
                            client.connectionId = connect.connectionId();
                            client.hasConnection = true;
                            client.connectedAt = now;
                            result.connects++;
                        }
                    } else if (response instanceof UdpErrorResponse error) {
                        if (measuring) {
                            result.error("tracker: " + error.message());
                        }
                        client.hasConnection = false;
                    } else if (response instanceof UdpAnnounceResponse announce) {
                        peerCount = announce.peers().size();
                    }
                }
            } catch (UdpPacketException e) {
                if (measuring) {
                    result.malformed++;
                    result.error("malformed response: " + e.getMessage());
                }
                return;
            }
            int slot = client.slotOf(transactionId);
            if (slot < 0) {
                return;
            }
            boolean answered = action == UdpAction.ANNOUNCE.code() && !client.connectSlot[slot];
            if (answered && counts(client, slot, now)) {
                result.responses++;
                result.latency.record((now - client.sentAt[slot]) / 1000);
                if (settings.openLoop()) {
                    result.fromSend.record((now - client.sentReally[slot]) / 1000);
                }
                if (peerCount == 0) {
                    result.empty++;
                } else if (peerCount > settings.numWant()) {
                    result.error("more peers than numwant: " + peerCount);
                }
            }
            release(client, slot, answered || action == UdpAction.CONNECT.code());
        }

        /** An announce response by its action and a whole number of 6-byte IPv4 peers: the cheap check. */
        private static boolean isAnnounceResponse(byte[] packet) {
            return packet.length >= UdpAnnounceResponse.HEADER_SIZE
                    && ByteBuffer.wrap(packet).getInt(0) == UdpAction.ANNOUNCE.code()
                    && (packet.length - UdpAnnounceResponse.HEADER_SIZE) % 6 == 0;
        }
    }
}
