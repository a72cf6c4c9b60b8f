package io.bitquark.tracker.http;

import io.bitquark.protocol.tracker.AnnounceQueryParser;
import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.PeerListFormat;
import io.bitquark.protocol.tracker.ScrapeQueryParser;
import io.bitquark.protocol.tracker.ScrapeRequest;
import io.bitquark.protocol.tracker.ScrapeResponse;
import io.bitquark.protocol.tracker.ScrapeStats;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.protocol.tracker.TrackerRequestException;
import io.bitquark.protocol.tracker.TrackerResponseEncoder;
import io.bitquark.tracker.announce.AnnounceCall;
import io.bitquark.tracker.announce.AnnounceService;
import io.bitquark.tracker.announce.ScrapeService;
import io.bitquark.tracker.announce.TrackerMetrics;
import io.bitquark.tracker.config.TrackerConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The HTTP tracker (BEP 3, 23, 7, 48): a thin adapter from the raw query string to {@link AnnounceService}
 * and {@link ScrapeService}. Every refusal is a bencoded {@code failure reason} with status 200, as clients
 * expect; nothing here answers 500.
 */
@Path("/")
@Tag(name = "tracker", description = "BitTorrent announce and scrape (bencoded)")
public class HttpTrackerResource {

    static final String BENCODE = "text/plain";

    private final AnnounceService announces;
    private final ScrapeService scrapes;
    private final PeerAddressResolver addresses;
    private final TrackerMetrics metrics;
    private final AnnounceQueryParser announceParser;
    private final ScrapeQueryParser scrapeParser;

    public HttpTrackerResource(
            AnnounceService announces,
            ScrapeService scrapes,
            PeerAddressResolver addresses,
            TrackerMetrics metrics,
            TrackerConfig config) {
        this.announces = announces;
        this.scrapes = scrapes;
        this.addresses = addresses;
        this.metrics = metrics;
        this.announceParser = new AnnounceQueryParser(config.http().maxQueryLength());
        this.scrapeParser = new ScrapeQueryParser(
                config.http().maxQueryLength(), config.scrape().maxInfoHashes());
    }

    @GET
    @Path("announce")
    @Operation(summary = "BEP 3 announce", description = "Bencoded answer; failures are bencoded with status 200.")
    public Uni<Response> announce(@Context HttpServerRequest http) {
        long start = System.nanoTime();
        AnnounceRequest request;
        InetAddress address;
        try {
            request = announceParser.parse(rawQuery(http));
            address = addresses.resolve(http.remoteAddress().hostAddress(), http.getHeader("X-Forwarded-For"), request);
        } catch (TrackerRequestException refused) {
            metrics.record("announce", "http", "bad_request", start);
            return Uni.createFrom().item(failure(refused.failureReason()));
        }
        PeerListFormat format = PeerListFormat.requestedBy(request);
        return announces.announce(new AnnounceCall(request, address, "http")).map(result -> {
            if (result instanceof TrackerFailure f) {
                return bencoded(TrackerResponseEncoder.encode(f));
            }
            return bencoded(TrackerResponseEncoder.encode((AnnounceResponse) result, format));
        });
    }

    @GET
    @Path("scrape")
    @Operation(
            summary = "BEP 48 scrape",
            description = "Bencoded counts per info-hash; several info_hash values allowed.")
    public Uni<Response> scrape(@Context HttpServerRequest http) {
        long start = System.nanoTime();
        ScrapeRequest request;
        try {
            request = scrapeParser.parse(rawQuery(http));
        } catch (TrackerRequestException refused) {
            metrics.record("scrape", "http", "bad_request", start);
            return Uni.createFrom().item(failure(refused.failureReason()));
        }
        return scrapes.scrape(request.infoHashes(), "http").map(result -> {
            if (result.failure() != null) {
                return failure(result.failure());
            }
            List<ScrapeStats> files = new ArrayList<>(result.counts().size());
            result.counts()
                    .forEach(
                            c -> files.add(ScrapeStats.of(c.infoHash(), c.complete(), c.downloaded(), c.incomplete())));
            return bencoded(TrackerResponseEncoder.encode(new ScrapeResponse(files)));
        });
    }

    private static String rawQuery(HttpServerRequest http) {
        String query = http.query();
        return query == null ? "" : query;
    }

    static Response failure(String reason) {
        return bencoded(TrackerResponseEncoder.encode(TrackerFailure.of(reason)));
    }

    static Response bencoded(byte[] body) {
        return Response.ok(body, BENCODE).build();
    }
}
