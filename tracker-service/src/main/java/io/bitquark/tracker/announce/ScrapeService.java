package io.bitquark.tracker.announce;

import io.bitquark.tracker.config.ScrapeConfig;
import io.bitquark.tracker.config.TrackerConfig;
import io.bitquark.tracker.swarm.SwarmCounts;
import io.bitquark.tracker.swarm.SwarmStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The scrape use case (BEP 48), shared by HTTP and UDP. A full scrape (no info-hash) is refused unless
 * configured {@code limited}, and then returns only the most recently active swarms.
 */
@ApplicationScoped
public class ScrapeService {

    public static final String FULL_SCRAPE_OFF = "full scrape is disabled on this tracker";

    private final SwarmStore store;
    private final TrackerMetrics metrics;
    private final ScrapeConfig config;

    public ScrapeService(SwarmStore store, TrackerMetrics metrics, TrackerConfig config) {
        this.store = store;
        this.metrics = metrics;
        this.config = config.scrape();
    }

    /** Counts in request order, or a failure reason. */
    public record Outcome(List<SwarmCounts> counts, String failure) {}

    public Uni<Outcome> scrape(List<byte[]> infoHashes, String protocol) {
        long start = System.nanoTime();
        Uni<List<SwarmCounts>> counts;
        if (infoHashes.isEmpty()) {
            if (config.full() == ScrapeConfig.FullScrape.OFF) {
                metrics.record("scrape", protocol, "refused", start);
                return Uni.createFrom().item(new Outcome(List.of(), FULL_SCRAPE_OFF));
            }
            counts = store.swarms(0, config.fullLimit()).map(page -> page.swarms());
        } else {
            counts = store.scrape(infoHashes);
        }
        return counts.map(c -> {
                    metrics.record("scrape", protocol, "ok", start);
                    return new Outcome(c, null);
                })
                .onFailure()
                .recoverWithItem(f -> {
                    metrics.record("scrape", protocol, "unavailable", start);
                    return new Outcome(List.of(), AnnounceService.STORAGE_UNAVAILABLE);
                });
    }
}
