package io.bitquark.tracker.announce;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics of the tracker: announces and scrapes by protocol and result, with latency
 * histograms ({@code bitquark_tracker_announces_seconds}, {@code bitquark_tracker_scrapes_seconds}).
 */
@ApplicationScoped
public class TrackerMetrics {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

    public TrackerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one request: {@code kind} is announce or scrape, {@code protocol} http or udp. */
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
