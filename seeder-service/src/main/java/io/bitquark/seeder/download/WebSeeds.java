package io.bitquark.seeder.download;

import io.bitquark.protocol.metainfo.InfoHash;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.seeder.announce.RetryBackoff;
import io.bitquark.seeder.rate.Throttle;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Starts the web seeds a downloading torrent's metainfo names, BEP 19 {@code url-list} and BEP 17 {@code httpseeds},
 * each on an event loop of its own, over one HTTP client shared by every torrent. Only {@code http} and
 * {@code https} URLs are used (BEP 19 also allows FTP); a URL named twice is one seed; an HTTP seed needs the v1
 * info-hash, so a v2-only torrent has none.
 */
public final class WebSeeds implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WebSeeds.class);

    private final Vertx vertx;
    private final WebSeedClient client;
    private final WebSeed.Policy policy;
    private final int perTorrent;

    /**
     * @param connections pieces fetched from one web seed at once
     * @param timeout     how long a web seed's connection may take to open, or stay silent
     * @param maxFailures failures in a row after which a web seed is dropped
     * @param perTorrent  web seeds used per torrent, the first its metainfo names
     */
    public WebSeeds(
            Vertx vertx,
            int connections,
            Duration timeout,
            Duration retryInitial,
            Duration retryMax,
            int maxFailures,
            int perTorrent) {
        this.vertx = vertx;
        this.perTorrent = perTorrent;
        this.client = new WebSeedClient(vertx, timeout, connections);
        this.policy = new WebSeed.Policy(
                Math.max(1, connections), new RetryBackoff(retryInitial, retryMax, new Random()), maxFailures);
    }

    /** Starts the web seeds of {@code torrent} for {@code download}, charging what they fetch to {@code throttle}. */
    public void start(TorrentDownload download, Metainfo torrent, Throttle throttle) {
        List<WebSeedRequests> seeds = new ArrayList<>();
        for (String url : usable(torrent.webSeeds())) {
            seeds.add(WebSeedRequests.urlSeed(url, torrent));
        }
        Optional<byte[]> infoHash = torrent.infoHashV1().map(InfoHash::bytes);
        if (infoHash.isPresent()) {
            for (String url : usable(torrent.httpSeeds())) {
                seeds.add(WebSeedRequests.httpSeed(url, infoHash.get()));
            }
        }
        if (seeds.size() > perTorrent) {
            LOG.infof("%d of the %d web seeds of the torrent are used", perTorrent, seeds.size());
        }
        for (WebSeedRequests seed : seeds.subList(0, Math.min(perTorrent, seeds.size()))) {
            start(seed, download, throttle);
        }
    }

    private void start(WebSeedRequests requests, TorrentDownload download, Throttle throttle) {
        new WebSeed(requests, download, client, vertx.getOrCreateContext(), policy, throttle).start();
    }

    private static Set<String> usable(Iterable<String> urls) {
        Set<String> usable = new LinkedHashSet<>();
        for (String url : urls) {
            String lower = url.toLowerCase(Locale.ROOT);
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                usable.add(url);
            } else {
                LOG.debugf("web seed %s skipped: only HTTP(S) web seeds are used", url);
            }
        }
        return usable;
    }

    @Override
    public void close() {
        client.close();
    }
}
