package io.bitquark.tracker.announce;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prometheus metrics of the tracker. Announces are counted by protocol and result
 * ({@code bitquark_tracker_announces_total}) in {@link LongAdder}s, whose per-thread cells are summed only
 * when {@code /q/metrics} is read, so the hot path pays one uncontended add. Scrapes, which are rare, keep
 * a latency histogram ({@code bitquark_tracker_scrapes_seconds}). No series carries a client's address.
 */
@ApplicationScoped
public class TrackerMetrics {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> adders = new ConcurrentHashMap<>();

    public TrackerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The counter of announces of one protocol ({@code http}, {@code udp}) and result ({@code ok},
     * {@code refused}, {@code unavailable}, {@code bad_request}). Front ends look their counters up once.
     */
    public LongAdder announces(String protocol, String result) {
        return adder("announces", "announce requests by protocol and result", protocol, result);
    }

    /** The counter of answered BEP 15 connect requests. */
    public LongAdder connects(String protocol) {
        return adder("connects", "connect requests by protocol and result", protocol, "ok");
    }

    private LongAdder adder(String kind, String description, String protocol, String result) {
        return adders.computeIfAbsent(kind + '|' + protocol + '|' + result, k -> {
            LongAdder adder = new LongAdder();
            FunctionCounter.builder("bitquark.tracker." + kind, adder, LongAdder::sum)
                    .description(description)
                    .tag("protocol", protocol)
                    .tag("result", result)
                    .register(registry);
            return adder;
        });
    }

    /** Records one request with its latency: {@code kind} is scrape or connect, {@code protocol} http or udp. */
    public void record(String kind, String protocol, String result, long startNanos) {
        String key = kind + '|' + protocol + '|' + result;
        timers.computeIfAbsent(key, k -> Timer.builder("bitquark.tracker." + kind + "s")
                        .description(kind + " requests by protocol and result")
                        .tag("protocol", protocol)
                        .tag("result", result)
                        .publishPercentileHistogram()
                        .register(registry))
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** Counts a refused packet or request that never reached a handler (e.g. a bad UDP connection id). */
    public void refused(String protocol, String reason) {
        counters.computeIfAbsent(protocol + '|' + reason, k -> Counter.builder("bitquark.tracker.refused")
                        .description("requests refused before handling, by protocol and reason")
                        .tag("protocol", protocol)
                        .tag("reason", reason)
                        .register(registry))
                .increment();
    }
}
