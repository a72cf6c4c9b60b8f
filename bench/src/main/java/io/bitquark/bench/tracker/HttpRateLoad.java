package io.bitquark.bench.tracker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * BEP 3 HTTP announces at a fixed rate, one fresh connection per request ({@code Connection: close}),
 * open loop: the request of second t is due at start + t, whether or not earlier ones were answered. Its
 * latency is measured from that due time, not from when it was actually sent, so a tracker that stalls is
 * charged for the requests queued behind the stall (wrk2's correction of coordinated omission; wrk2 is not
 * packaged in Debian).
 *
 * <p>The requests are those of {@code bench/tracker/announce.lua}: a uniformly random swarm, a random peer
 * id, port and {@code left}, compact=1, numwant=50, one in ten {@code event=started}, prepared up front and
 * replayed. A response is complete at its Content-Length or at the server's close; a status other than 200,
 * a bencoded {@code failure reason} or a body without a {@code peers} key is a failed announce, and a
 * compact peer list of no peer counts as {@code empty} (a tracker that leaves the announcing peer out
 * answers so for a swarm holding no other peer). A request unanswered after {@code --timeout-ms}
 * enters the percentiles at that timeout, so a tracker that cannot keep the rate shows it in its p99; so does
 * a request still waiting for a free connection that long, which is then dropped unsent, as a client would
 * have given up on it.
 *
 * <p>Everything is non-blocking on one selector thread: a tracker whose accept backlog overflows delays
 * only the connections it dropped (by the kernel's SYN retransmission, as for real clients), not the
 * generator.
 */
public final class HttpRateLoad {

    static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar io.bitquark.bench.tracker.HttpRateLoad --port PORT --rate N \\
                     --info-hashes FILE [options]
              --host 127.0.0.1       --rate N           announces per second
              --duration 20          measured seconds   --warmup 3   seconds at the same rate before measuring
              --max-connections 4096 open connections at most; beyond, due requests wait (and their wait counts)
              --timeout-ms 5000      --pool 50000  prepared requests, replayed in a loop
              --cpu-pids "P1 P2"     processes whose CPU seconds over the measured window are reported
            Requests are sent in the millisecond they are due (selector granularity); late_starts counts those
            sent more than 2 ms late, a sign that the generator itself could not keep the rate.
            prints one line: BQ-HTTP-RATE ...""";

    private static final byte[] FAILURE = "failure reason".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PEERS = "5:peers".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_PEERS = "5:peers0:".getBytes(StandardCharsets.US_ASCII);

    private HttpRateLoad() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args, USAGE);
        InetSocketAddress target =
                new InetSocketAddress(options.string("host", "127.0.0.1"), Integer.parseInt(options.required("port")));
        Swarms swarms = Swarms.read(options.path("info-hashes"), 0);
        double rate = options.decimal("rate", 1000);
        byte[][] requests = prepare(swarms, target, options.integer("pool", 50_000), new SplittableRandom(4242));
        long cpuBefore = CpuTime.ofThisProcess();
        Run run = new Run(
                target,
                requests,
                rate,
                options.longValue("warmup", 3) * 1_000_000_000L,
                options.longValue("duration", 20) * 1_000_000_000L,
                options.integer("max-connections", 4096),
                options.longValue("timeout-ms", 5000) * 1_000_000L);
        run.cpuPids = ProcessCpu.parse(options.string("cpu-pids", ""));
        run.execute();
        double seconds = run.durationNanos / 1e9;
        System.out.printf(
                Locale.ROOT,
                "BQ-HTTP-RATE target_rate=%.0f rate=%.0f responses=%d failures=%d empty=%d errors=%d timeouts=%d "
                        + "late_starts=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d target_cpu_s=%.2f "
                        + "generator_cpu_s=%.2f%s%n",
                rate,
                run.responses / seconds,
                run.responses,
                run.failures,
                run.empty,
                run.errors,
                run.timeouts,
                run.lateStarts,
                run.latency.percentile(50),
                run.latency.percentile(99),
                run.latency.percentile(99.9),
                run.latency.max(),
                run.targetCpuSeconds,
                (CpuTime.ofThisProcess() - cpuBefore) / 1e9,
                run.firstError == null ? "" : " first_error=\"" + run.firstError + "\"");
    }

    static byte[][] prepare(Swarms swarms, InetSocketAddress target, int pool, SplittableRandom random) {
        byte[][] requests = new byte[pool][];
        String host = target.getHostString() + ":" + target.getPort();
        for (int i = 0; i < pool; i++) {
            StringBuilder query = new StringBuilder("/announce?info_hash=");
            percentEncode(swarms.infoHash(random.nextInt(swarms.size())), query);
            query.append("&peer_id=-BQ0100-");
            byte[] peerId = new byte[12];
            for (int b = 0; b < peerId.length; b++) {
                peerId[b] = (byte) random.nextInt(256);
            }
            percentEncode(peerId, query);
            long left = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(2_000_000_000);
            query.append("&port=")
                    .append(1024 + random.nextInt(64512))
                    .append("&uploaded=0&downloaded=0&left=")
                    .append(left)
                    .append("&compact=1&numwant=50");
            if (random.nextInt(10) == 0) {
                query.append("&event=started");
            }
            String request = "GET " + query + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
            requests[i] = request.getBytes(StandardCharsets.US_ASCII);
        }
        return requests;
    }

    private static void percentEncode(byte[] bytes, StringBuilder out) {
        for (byte b : bytes) {
            out.append('%')
                    .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
    }

    /** One request on its own connection. */
    private static final class Exchange {
        final SocketChannel channel;
        final long due;
        final ByteBuffer out;
        ByteBuffer in = ByteBuffer.allocate(2048);

        Exchange(SocketChannel channel, long due, byte[] request) {
            this.channel = channel;
            this.due = due;
            this.out = ByteBuffer.wrap(request);
        }
    }

    private static final class Run {
        final InetSocketAddress target;
        final byte[][] requests;
        final long intervalNanos;
        final long warmupNanos;
        final long durationNanos;
        final int maxConnections;
        final long timeoutNanos;
        final LatencyHistogram latency = new LatencyHistogram();
        final Set<Exchange> open = new HashSet<>();
        long measureFrom;
        long deadline;
        long[] cpuPids = new long[0];
        double targetCpuSeconds;
        private double cpuAtStart = Double.NaN;
        private boolean cpuMeasured;
        long responses;
        long failures;
        long empty;
        long errors;
        long timeouts;
        long lateStarts;
        String firstError;
        int next;

        Run(
                InetSocketAddress target,
                byte[][] requests,
                double rate,
                long warmupNanos,
                long durationNanos,
                int maxConnections,
                long timeoutNanos) {
            this.target = target;
            this.requests = requests;
            this.intervalNanos = (long) (1e9 / rate);
            this.warmupNanos = warmupNanos;
            this.durationNanos = durationNanos;
            this.maxConnections = maxConnections;
            this.timeoutNanos = timeoutNanos;
        }

        void execute() throws IOException {
            try (Selector selector = Selector.open()) {
                long start = System.nanoTime();
                measureFrom = start + warmupNanos;
                deadline = measureFrom + durationNanos;
                long nextDue = start;
                long nextExpiry = start;
                while (true) {
                    long now = System.nanoTime();
                    if (Double.isNaN(cpuAtStart) && now >= measureFrom) {
                        cpuAtStart = ProcessCpu.seconds(cpuPids);
                    }
                    if (!cpuMeasured && now >= deadline) {
                        measureCpu();
                    }
                    if (nextDue >= deadline && open.isEmpty()) {
                        break;
                    }
                    while (nextDue <= now && nextDue < deadline) {
                        if (now - nextDue > timeoutNanos) {
                            // overdue by more than the timeout: a client would have given up on it already
                            if (nextDue >= measureFrom) {
                                timeouts++;
                                latency.record(timeoutNanos / 1000);
                            }
                            lateStarts++;
                            nextDue += intervalNanos;
                            continue;
                        }
                        if (open.size() >= maxConnections) {
                            break;
                        }
                        if (now - nextDue > 2_000_000) {
                            lateStarts++;
                        }
                        start(selector, nextDue);
                        nextDue += intervalNanos;
                    }
                    if (now >= nextExpiry) {
                        expire(now);
                        nextExpiry = now + 50_000_000;
                    }
                    long waitMillis = nextDue < deadline ? (nextDue - System.nanoTime()) / 1_000_000 : 10;
                    if (waitMillis <= 0 && nextDue <= System.nanoTime() && open.size() < maxConnections) {
                        selector.selectNow();
                    } else {
                        selector.select(Math.max(1, waitMillis));
                    }
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        step(key, (Exchange) key.attachment());
                    }
                }
                if (!cpuMeasured) {
                    measureCpu();
                }
            }
        }

        /** The targets' CPU seconds from the start of the measured window to now (at most its end). */
        private void measureCpu() throws IOException {
            cpuMeasured = true;
            targetCpuSeconds = Double.isNaN(cpuAtStart) ? 0 : ProcessCpu.seconds(cpuPids) - cpuAtStart;
        }

        private boolean counts(Exchange exchange) {
            return exchange.due >= measureFrom && exchange.due < deadline;
        }

        private void start(Selector selector, long due) {
            byte[] request = requests[next];
            next = (next + 1) % requests.length;
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Exchange exchange = new Exchange(channel, due, request);
                boolean connected = channel.connect(target);
                channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, exchange);
                open.add(exchange);
            } catch (IOException e) {
                closeQuietly(channel);
                if (due >= measureFrom && due < deadline) {
                    error("connect: " + e);
                }
            }
        }

        private void step(SelectionKey key, Exchange exchange) {
            try {
                if (key.isConnectable()) {
                    exchange.channel.finishConnect();
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                if (key.isValid() && key.isWritable()) {
                    exchange.channel.write(exchange.out);
                    if (!exchange.out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (key.isValid() && key.isReadable()) {
                    read(exchange);
                }
            } catch (IOException e) {
                fail(exchange, "io: " + e.getMessage());
            }
        }

        private void read(Exchange exchange) throws IOException {
            while (true) {
                if (!exchange.in.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(exchange.in.capacity() * 2);
                    exchange.in.flip();
                    bigger.put(exchange.in);
                    exchange.in = bigger;
                }
                int n = exchange.channel.read(exchange.in);
                if (n < 0) {
                    complete(exchange, true);
                    return;
                }
                if (n == 0) {
                    if (isComplete(exchange.in)) {
                        complete(exchange, false);
                    }
                    return;
                }
            }
        }

        private void complete(Exchange exchange, boolean closedByServer) {
            long now = System.nanoTime();
            finish(exchange);
            byte[] bytes = new byte[exchange.in.position()];
            exchange.in.flip().get(bytes);
            if (!counts(exchange)) {
                return;
            }
            int headerEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            if (headerEnd < 0 || closedByServer && contentLength(bytes, headerEnd) > bytes.length - headerEnd - 4) {
                error("truncated response of " + bytes.length + " bytes");
                return;
            }
            responses++;
            latency.record((now - exchange.due) / 1000);
            if (status(bytes) != 200
                    || indexOf(bytes, FAILURE, headerEnd) >= 0
                    || indexOf(bytes, PEERS, headerEnd) < 0) {
                failures++;
                if (firstError == null) {
                    firstError = new String(bytes, StandardCharsets.ISO_8859_1)
                            .replace("\r\n", " ")
                            .replace('"', '\'');
                }
            } else if (indexOf(bytes, NO_PEERS, headerEnd) >= 0) {
                empty++;
            }
        }

        private void fail(Exchange exchange, String message) {
            finish(exchange);
            if (counts(exchange)) {
                error(message);
            }
        }

        private void expire(long now) {
            for (Exchange exchange : new ArrayList<>(open)) {
                if (now - exchange.due > timeoutNanos) {
                    finish(exchange);
                    if (counts(exchange)) {
                        timeouts++;
                        latency.record(timeoutNanos / 1000);
                    }
                }
            }
        }

        private void finish(Exchange exchange) {
            open.remove(exchange);
            closeQuietly(exchange.channel);
        }

        private void error(String message) {
            errors++;
            if (firstError == null) {
                firstError = message;
            }
        }

        private static boolean isComplete(ByteBuffer in) {
            byte[] bytes = new byte[in.position()];
            in.duplicate().flip().get(bytes);
            int headerEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            if (headerEnd < 0) {
                return false;
            }
            long length = contentLength(bytes, headerEnd);
            return length >= 0 && bytes.length - headerEnd - 4 >= length;
        }

        private static int status(byte[] response) {
            if (response.length < 12 || response[8] != ' ') {
                return -1;
            }
            String code = new String(response, 9, 3, StandardCharsets.US_ASCII);
            return code.chars().allMatch(Character::isDigit) ? Integer.parseInt(code) : -1;
        }

        /** The Content-Length header's value, or -1 when absent. */
        private static long contentLength(byte[] response, int headerEnd) {
            String headers = new String(response, 0, headerEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            int at = headers.indexOf("\r\ncontent-length:");
            if (at < 0) {
                return -1;
            }
            int from = at + "\r\ncontent-length:".length();
            int to = headers.indexOf("\r\n", from);
            try {
                return Long.parseLong(
                        headers.substring(from, to < 0 ? headers.length() : to).strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer:
            for (int i = from; i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private static void closeQuietly(SocketChannel channel) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing to do for a connection being dropped
                }
            }
        }
    }
}
