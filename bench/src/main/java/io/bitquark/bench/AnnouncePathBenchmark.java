package io.bitquark.bench;

import io.bitquark.protocol.tracker.AnnounceQueryParser;
import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.TrackerRequestException;
import io.bitquark.tracker.allowlist.Allowlist;
import io.bitquark.tracker.allowlist.InMemoryAllowlistStore;
import io.bitquark.tracker.announce.AnnounceService;
import io.bitquark.tracker.announce.TrackerMetrics;
import io.bitquark.tracker.config.TrackerConfig;
import io.bitquark.tracker.http.HttpAnnounceCodec;
import io.bitquark.tracker.http.PeerAddressResolver;
import io.bitquark.tracker.swarm.AnnounceBatch;
import io.bitquark.tracker.swarm.InMemorySwarmStore;
import io.bitquark.tracker.swarm.PeerWindows;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * The whole announce path of one HTTP request minus the HTTP server: the raw query string as Vert.x
 * hands it over, parsed by {@link AnnounceQueryParser}, the peer's address resolved by
 * {@link PeerAddressResolver}, put into an {@link AnnounceBatch} by {@link HttpAnnounceCodec},
 * {@link AnnounceService} (allowlist check, the in-memory store with its peer identity, the counters) and
 * the bencoded body from {@link HttpAnnounceCodec#body}: what {@code HttpTrackerRoutes.announce} does,
 * without Vert.x around it. The
 * swarm and the mix are those of {@link SwarmStoreAnnounceBenchmark} (one swarm of {@code peers} peers, one
 * in five a seeder, numwant 50, one in ten {@code event=started}); the allowlist is on and holds the 1000
 * benchmark swarms, as in {@code bench/tracker/tracker-bench.sh}; the access log is off. The service is
 * wired by hand with the real classes and the real configuration defaults (SmallRye Config reads
 * {@link TrackerConfig}'s own defaults), and a Prometheus registry as in production.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar AnnouncePathBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AnnouncePathBenchmark {

    private static final int SEQUENCE = 1 << 14;
    private static final String REMOTE = "127.0.0.1";

    @Param("1000")
    int peers;

    private AnnounceQueryParser parser;
    private PeerAddressResolver addresses;
    private AnnounceService service;
    private String[] sequence;
    private int next;
    private final AnnounceBatch batch = new AnnounceBatch(1);
    private static final Runnable DONE = () -> {};

    @Setup
    public void wire() throws TrackerRequestException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(TrackerConfig.class)
                .withConverter(Duration.class, 200, AnnouncePathBenchmark::duration)
                .withDefaultValue("bitquark.tracker.access-log", "false")
                .withDefaultValue("bitquark.tracker.allowlist.enabled", "true")
                .build();
        TrackerConfig tracker = config.getConfigMapping(TrackerConfig.class);
        Allowlist allowlist = new Allowlist(tracker, new InMemoryAllowlistStore());
        for (int i = 0; i < 1000; i++) {
            allowlist
                    .add(SwarmStoreAnnounceBenchmark.sha1("bitquark-bench-swarm-" + i), null)
                    .await()
                    .indefinitely();
        }
        InMemorySwarmStore store = new InMemorySwarmStore(
                new PeerWindows(tracker.announce().effectivePeerTimeout().toMillis()), System::currentTimeMillis);
        service = new AnnounceService(
                store, allowlist, new TrackerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)), tracker);
        parser = new AnnounceQueryParser(tracker.http().maxQueryLength());
        addresses = new PeerAddressResolver(tracker);

        String infoHash = percentEncode(SwarmStoreAnnounceBenchmark.sha1("bitquark-bench-swarm-0"));
        SplittableRandom random = new SplittableRandom(42);
        String[] update = new String[peers];
        String[] started = new String[peers];
        for (int i = 0; i < peers; i++) {
            byte[] suffix = new byte[12];
            for (int b = 0; b < suffix.length; b++) {
                suffix[b] = (byte) random.nextInt(256);
            }
            long left = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(2_000_000_000);
            update[i] = "info_hash=" + infoHash + "&peer_id=-BQ0100-" + percentEncode(suffix) + "&port="
                    + (1024 + random.nextInt(64512)) + "&uploaded=0&downloaded=0&left=" + left
                    + "&compact=1&numwant=50";
            started[i] = update[i] + "&event=started";
        }
        for (String query : started) {
            announceOnce(query);
        }
        sequence = new String[SEQUENCE];
        for (int i = 0; i < SEQUENCE; i++) {
            int peer = random.nextInt(peers);
            sequence[i] = random.nextInt(10) == 0 ? started[peer] : update[peer];
        }
        String answer = new String(announceOnce(update[0]), StandardCharsets.ISO_8859_1);
        if (answer.contains("failure reason") || !answer.contains("5:peers300:")) {
            throw new IllegalStateException("unexpected answer: " + answer);
        }
    }

    @Benchmark
    public byte[] announce() throws TrackerRequestException {
        String query = sequence[next];
        next = (next + 1) & (SEQUENCE - 1);
        return announceOnce(query);
    }

    /** {@code HttpTrackerRoutes.announce} without the HTTP server: query string in, response body out. */
    private byte[] announceOnce(String query) throws TrackerRequestException {
        AnnounceRequest request = parser.parse(query);
        InetAddress source = addresses.source(REMOTE, null);
        batch.clear();
        int i = HttpAnnounceCodec.add(batch, request, source, addresses.announced(source, request), service);
        service.announce(batch, AnnounceService.Protocol.HTTP, DONE);
        return HttpAnnounceCodec.body(batch, i, service);
    }

    /** Quarkus's duration syntax, which plain SmallRye Config lacks: "5s", "1800s", "100ms", "1d", or ISO-8601. */
    static Duration duration(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return null;
        }
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        if (v.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (Character.isDigit(v.charAt(0))) {
            return Duration.parse(v.endsWith("d") || v.endsWith("D") ? "P" + v : "PT" + v);
        }
        return Duration.parse(v);
    }

    private static String percentEncode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            out.append('%')
                    .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
        return out.toString();
    }
}
