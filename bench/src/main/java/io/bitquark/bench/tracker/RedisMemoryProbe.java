package io.bitquark.bench.tracker;

import io.bitquark.protocol.hash.SipHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Memory per peer and announce latency of ONE swarm held in Redis with the tracker's layout, loaded
 * directly (without the tracker) to 1k, 100k and 1M peers:
 *
 * <pre>
 * bq:{&lt;info-hash hex&gt;}:S&lt;window&gt;   hash: 6-byte identity -&gt; 26-byte peer (6-byte compact IPv4 endpoint + 20-byte peer id)
 * bq:{&lt;info-hash hex&gt;}:L&lt;window&gt;   the same for leechers
 * bq:{&lt;info-hash hex&gt;}:C           counters: S&lt;window&gt; / L&lt;window&gt; = entries of that hash, D = downloads
 * </pre>
 *
 * <p>One peer in five is a seeder. At each size it reads {@code INFO memory}'s {@code used_memory} (the
 * growth since the empty database, divided by the peers) and {@code MEMORY USAGE} of the two hashes, then
 * times {@code --samples} re-announces of random peers, one at a time, by running the tracker's own
 * announce script ({@code --script}, the tracker's {@code lua/announce.lua}) with EVALSHA, numwant 50:
 * the Redis side of an announce, without the tracker's own work. It also counts the commands the script
 * ran ({@code INFO commandstats}) per re-announce. {@code --identity-bytes 8} keeps the whole 8-byte
 * identity as the field, to compare with the tracker's 6.
 *
 * <p>The peers are those of {@link UdpLoad}'s fill mode (same peer ids), so the figures compare with a
 * probe that drives the tracker itself.
 */
public final class RedisMemoryProbe {

    static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar io.bitquark.bench.tracker.RedisMemoryProbe --redis-port PORT \\
                     --script tracker-service/src/main/resources/lua/announce.lua [options]
              --redis-host 127.0.0.1  --sizes 1000,100000,1000000  --samples 2000  --batch 1000 (HSET pairs a command)
              --identity-bytes 6 (the hash field: the last N bytes of the 8-byte identity)
            FLUSHES the database first; prints one line "BQ-REDIS ..." per size""";

    private static final long WINDOW_MILLIS = 30 * 60 * 1000L;
    private static final byte[] IDENTITY_KEY = "bitquark-probe-k".getBytes(StandardCharsets.US_ASCII);
    private static final long IDENTITY_K0 = SipHash.k0(IDENTITY_KEY);
    private static final long IDENTITY_K1 = SipHash.k1(IDENTITY_KEY);

    private RedisMemoryProbe() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args, USAGE);
        String script = Files.readString(options.path("script"));
        int samples = options.integer("samples", 2000);
        int batch = options.integer("batch", 1000);
        int identityBytes = options.integer("identity-bytes", 6);
        long[] sizes = Arrays.stream(
                        options.string("sizes", "1000,100000,1000000").split(","))
                .mapToLong(s -> Long.parseLong(s.strip()))
                .toArray();
        byte[] infoHash = sha1("bitquark-bench-redis-probe".getBytes(StandardCharsets.US_ASCII));
        String tag = "bq:{" + HexFormat.of().formatHex(infoHash) + "}:";
        long window = System.currentTimeMillis() / WINDOW_MILLIS;
        String[] fields = new String[6];
        String[] keys = new String[7];
        for (int age = 0; age < 3; age++) {
            fields[2 * age] = "S" + (window - age);
            fields[2 * age + 1] = "L" + (window - age);
        }
        for (int j = 0; j < 6; j++) {
            keys[j] = tag + fields[j];
        }
        keys[6] = tag + "C";
        byte[] expireAt = Long.toString((window + 3) * WINDOW_MILLIS).getBytes(StandardCharsets.US_ASCII);

        try (RespConnection redis = new RespConnection(
                options.string("redis-host", "127.0.0.1"), Integer.parseInt(options.required("redis-port")))) {
            redis.call("FLUSHALL");
            String sha = new String((byte[]) redis.call("SCRIPT", "LOAD", script), StandardCharsets.US_ASCII);
            System.out.println("redis " + info(redis, "server", "redis_version") + ", hash-max-listpack-entries "
                    + ((List<?>) redis.call("CONFIG", "GET", "hash-max-*-entries"))
                            .stream()
                                    .map(o -> new String((byte[]) o, StandardCharsets.US_ASCII))
                                    .toList());
            long base = Long.parseLong(info(redis, "memory", "used_memory"));
            int loaded = 0;
            int seederCount = 0;
            for (long size : sizes) {
                while (loaded < size) {
                    int count = (int) Math.min(batch, size - loaded);
                    List<byte[]> seeders = new ArrayList<>();
                    List<byte[]> leechers = new ArrayList<>();
                    for (int i = loaded; i < loaded + count; i++) {
                        List<byte[]> target = isSeeder(i) ? seeders : leechers;
                        seederCount += isSeeder(i) ? 1 : 0;
                        target.add(identity(i, identityBytes));
                        target.add(peer(i));
                    }
                    int commands = hset(redis, keys[0], seeders) + hset(redis, keys[1], leechers);
                    redis.flush();
                    for (int c = 0; c < commands; c++) {
                        redis.read();
                    }
                    loaded += count;
                }
                redis.call("HSET", keys[6], fields[0], seederCount, fields[1], loaded - seederCount);
                long used = Long.parseLong(info(redis, "memory", "used_memory"));
                long usage = memoryUsage(redis, keys[0]) + memoryUsage(redis, keys[1]);
                redis.call("CONFIG", "RESETSTAT");
                LatencyHistogram latency =
                        announceLatency(redis, sha, keys, fields, expireAt, loaded, samples, identityBytes);
                double calls = scriptCalls(redis) / (double) latency.count();
                System.out.printf(
                        Locale.ROOT,
                        "BQ-REDIS peers=%d used_memory_growth=%d bytes_per_peer=%.1f memory_usage_bytes_per_peer=%.1f "
                                + "redis_calls_per_announce=%.2f samples=%d p50_us=%d p99_us=%d max_us=%d%n",
                        loaded,
                        used - base,
                        (used - base) / (double) loaded,
                        usage / (double) loaded,
                        calls,
                        latency.count(),
                        latency.percentile(50),
                        latency.percentile(99),
                        latency.max());
            }
        }
    }

    private static int hset(RespConnection redis, String key, List<byte[]> pairs) throws IOException {
        if (pairs.isEmpty()) {
            return 0;
        }
        List<byte[]> command = new ArrayList<>(pairs.size() + 2);
        command.add("HSET".getBytes(StandardCharsets.US_ASCII));
        command.add(key.getBytes(StandardCharsets.US_ASCII));
        command.addAll(pairs);
        redis.send(command);
        return 1;
    }

    private static LatencyHistogram announceLatency(
            RespConnection redis,
            String sha,
            String[] keys,
            String[] fields,
            byte[] expireAt,
            int peers,
            int samples,
            int identityBytes)
            throws IOException {
        LatencyHistogram latency = new LatencyHistogram();
        SplittableRandom random = new SplittableRandom(peers);
        for (int s = 0; s < samples; s++) {
            int i = random.nextInt(peers);
            Object[] args = new Object[3 + keys.length + 1 + fields.length + 3];
            int a = 0;
            args[a++] = "EVALSHA";
            args[a++] = sha;
            args[a++] = keys.length;
            for (String key : keys) {
                args[a++] = key;
            }
            args[a++] = expireAt;
            for (String field : fields) {
                args[a++] = field;
            }
            args[a++] = identity(i, identityBytes);
            args[a++] = peer(i);
            args[a] = 50 * 8 + (isSeeder(i) ? 1 : 0); // numwant 50, event 0 (update)
            long start = System.nanoTime();
            Object reply = redis.call(args);
            latency.record((System.nanoTime() - start) / 1000);
            List<?> result = (List<?>) ((List<?>) reply).get(0);
            int returned = ((List<?>) result.get(3)).size();
            if (returned == 0 || returned > 50) {
                throw new IllegalStateException("announce returned " + returned + " peers in a swarm of " + peers);
            }
        }
        return latency;
    }

    /** Commands run since CONFIG RESETSTAT, other than the EVALSHAs themselves and INFO/CONFIG. */
    private static long scriptCalls(RespConnection redis) throws IOException {
        String text = new String((byte[]) redis.call("INFO", "commandstats"), StandardCharsets.US_ASCII);
        long calls = 0;
        for (String line : text.split("\r\n")) {
            if (line.startsWith("cmdstat_")
                    && !line.matches("cmdstat_(evalsha|eval|info|config|script|command)[:|].*")) {
                int at = line.indexOf("calls=") + "calls=".length();
                calls += Long.parseLong(line.substring(at, line.indexOf(',', at)));
            }
        }
        return calls;
    }

    private static long memoryUsage(RespConnection redis, String key) throws IOException {
        Object usage = redis.call("MEMORY", "USAGE", key, "SAMPLES", "0");
        return usage == null ? 0 : (Long) usage;
    }

    private static String info(RespConnection redis, String section, String field) throws IOException {
        String text = new String((byte[]) redis.call("INFO", section), StandardCharsets.US_ASCII);
        for (String line : text.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        throw new IOException("no " + field + " in INFO " + section);
    }

    private static boolean isSeeder(int index) {
        return index % 5 == 0;
    }

    /**
     * As the tracker derives it ({@code PeerIdentity}): the 64-bit SipHash-2-4 of the peer id and the
     * address the announce came from (here the peer's own IPv4 address), under a key of the store's (a
     * fixed one here); the Redis store keeps the last {@code bytes} of it, big-endian (6).
     */
    private static byte[] identity(int index, int bytes) {
        byte[] peerId = UdpLoad.indexed(new byte[20], index).peerId();
        byte[] who = ByteBuffer.allocate(24)
                .put(peerId)
                .put((byte) 10)
                .put((byte) (index >>> 16))
                .put((byte) (index >>> 8))
                .put((byte) index)
                .array();
        long id = SipHash.hash(IDENTITY_K0, IDENTITY_K1, who);
        byte[] whole = ByteBuffer.allocate(8).putLong(id == 0 ? 1 : id).array();
        return Arrays.copyOfRange(whole, 8 - bytes, 8);
    }

    /** The 26-byte stored peer: a distinct IPv4 endpoint in 10.0.0.0/8 and the peer id. */
    private static byte[] peer(int index) {
        byte[] peerId = UdpLoad.indexed(new byte[20], index).peerId();
        return ByteBuffer.allocate(26)
                .put((byte) 10)
                .put((byte) (index >>> 16))
                .put((byte) (index >>> 8))
                .put((byte) index)
                .putShort((short) (1024 + index % 64_000))
                .put(peerId)
                .array();
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", e);
        }
    }
}
