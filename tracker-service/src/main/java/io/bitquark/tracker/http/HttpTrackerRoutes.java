package io.bitquark.tracker.http;

import io.bitquark.protocol.tracker.AnnounceQueryParser;
import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.ScrapeQueryParser;
import io.bitquark.protocol.tracker.ScrapeRequest;
import io.bitquark.protocol.tracker.ScrapeResponse;
import io.bitquark.protocol.tracker.ScrapeStats;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.protocol.tracker.TrackerRequestException;
import io.bitquark.protocol.tracker.TrackerResponseEncoder;
import io.bitquark.tracker.announce.AnnounceService;
import io.bitquark.tracker.announce.ScrapeService;
import io.bitquark.tracker.announce.TrackerMetrics;
import io.bitquark.tracker.config.TrackerConfig;
import io.bitquark.tracker.swarm.AnnounceBatch;
import io.bitquark.tracker.swarm.SwarmStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP tracker (BEP 3, 23, 7, 48) as plain Vert.x routes on the event loops, ahead of the REST layer:
 * the raw query string goes to the protocol's parser, the announce into the loop's {@link AnnounceBatch},
 * and the answer leaves as one buffer with prebuilt headers. With a store that coalesces (Redis), the
 * announces that arrive in one event-loop turn go to the store together, as UDP ones do. Every refusal
 * is a bencoded {@code failure reason} with status 200, as clients expect; nothing here answers 500.
 */
@ApplicationScoped
public class HttpTrackerRoutes {

    static final CharSequence BENCODE = HttpHeaders.createOptimized("text/plain");

    private final AnnounceService announces;
    private final ScrapeService scrapes;
    private final PeerAddressResolver addresses;
    private final TrackerMetrics metrics;
    private final AnnounceQueryParser announceParser;
    private final ScrapeQueryParser scrapeParser;
    private final boolean coalesce;
    private final ThreadLocal<Loop> loops = ThreadLocal.withInitial(Loop::new);

    public HttpTrackerRoutes(
            AnnounceService announces,
            ScrapeService scrapes,
            PeerAddressResolver addresses,
            TrackerMetrics metrics,
            SwarmStore store,
            TrackerConfig config) {
        this.announces = announces;
        this.scrapes = scrapes;
        this.addresses = addresses;
        this.metrics = metrics;
        this.announceParser = new AnnounceQueryParser(config.http().maxQueryLength());
        this.scrapeParser = new ScrapeQueryParser(
                config.http().maxQueryLength(), config.scrape().maxInfoHashes());
        this.coalesce = store.coalesces();
    }

    void routes(@Observes Router router) {
        router.get("/announce").order(-100).handler(this::announce);
        router.get("/scrape").order(-100).handler(this::scrape);
    }

    /** One event loop's announces in flight. */
    private final class Loop {
        AnnounceBatch batch = new AnnounceBatch(16);
        final List<AnnounceBatch> spare = new ArrayList<>();
        Context context;

        void flush() {
            AnnounceBatch full = batch;
            batch = spare.isEmpty() ? new AnnounceBatch(16) : spare.remove(spare.size() - 1);
            Context here = context;
            Thread loop = Thread.currentThread();
            announces.announce(full, AnnounceService.Protocol.HTTP, () -> {
                if (Thread.currentThread() == loop) {
                    answer(full); // on this loop: at once, or from its own Redis connection's answer
                } else {
                    here.runOnContext(v -> answer(full));
                }
            });
        }

        void answer(AnnounceBatch answered) {
            for (int i = 0; i < answered.size(); i++) {
                respond((RoutingContext) answered.attachment(i), HttpAnnounceCodec.body(answered, i, announces));
            }
            answered.clear();
            spare.add(answered);
        }
    }

    void announce(RoutingContext rc) {
        HttpServerRequest http = rc.request();
        AnnounceRequest request;
        InetAddress source;
        InetAddress announced;
        try {
            request = announceParser.parse(rawQuery(http));
            source = addresses.source(http.remoteAddress().hostAddress(), http.getHeader("X-Forwarded-For"));
            announced = addresses.announced(source, request);
        } catch (TrackerRequestException refused) {
            announces.badRequest(AnnounceService.Protocol.HTTP);
            respond(rc, failure(refused.failureReason()));
            return;
        }
        Loop loop = loops.get();
        AnnounceBatch b = loop.batch;
        int i = HttpAnnounceCodec.add(b, request, source, announced, announces);
        b.attach(i, rc);
        loop.context = Vertx.currentContext();
        if (!coalesce) {
            loop.flush();
        } else if (b.size() == 1) {
            loop.context.runOnContext(v -> loop.flush());
        }
    }

    void scrape(RoutingContext rc) {
        long start = System.nanoTime();
        ScrapeRequest request;
        try {
            request = scrapeParser.parse(rawQuery(rc.request()));
        } catch (TrackerRequestException refused) {
            metrics.record("scrape", "http", "bad_request", start);
            respond(rc, failure(refused.failureReason()));
            return;
        }
        scrapes.scrape(request.infoHashes(), "http").subscribe().with(result -> {
            if (result.failure() != null) {
                respond(rc, failure(result.failure()));
                return;
            }
            List<ScrapeStats> files = new ArrayList<>(result.counts().size());
            result.counts()
                    .forEach(
                            c -> files.add(ScrapeStats.of(c.infoHash(), c.complete(), c.downloaded(), c.incomplete())));
            respond(rc, TrackerResponseEncoder.encode(new ScrapeResponse(files)));
        });
    }

    private static String rawQuery(HttpServerRequest http) {
        String query = http.query();
        return query == null ? "" : query;
    }

    static byte[] failure(String reason) {
        return TrackerResponseEncoder.encode(TrackerFailure.of(reason));
    }

    private static void respond(RoutingContext rc, byte[] body) {
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, BENCODE).end(Buffer.buffer(body));
    }
}
