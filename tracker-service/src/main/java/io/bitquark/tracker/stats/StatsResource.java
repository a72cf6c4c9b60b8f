package io.bitquark.tracker.stats;

import io.bitquark.tracker.allowlist.Allowlist;
import io.bitquark.tracker.allowlist.Problem;
import io.bitquark.tracker.swarm.SwarmCounts;
import io.bitquark.tracker.swarm.SwarmPage;
import io.bitquark.tracker.swarm.SwarmStore;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The tracker's index, like bttrack's: swarms with their seeders, leechers and completed downloads, most
 * recently active first, one page at a time ({@code GET /} as HTML, {@code GET /api/stats} as JSON).
 */
@Path("/")
@Tag(name = "stats", description = "Swarms this tracker knows")
public class StatsResource {

    /** The largest page served. */
    public static final int MAX_LIMIT = 500;

    private final SwarmStore store;
    private final Allowlist allowlist;
    private final Template index;

    public StatsResource(SwarmStore store, Allowlist allowlist, Template index) {
        this.store = store;
        this.allowlist = allowlist;
        this.index = index;
    }

    /** A page of swarms with the names the allowlist knows. */
    private Uni<Stats> page(int offset, int limit) {
        return store.swarms(offset, limit).chain(page -> {
            List<byte[]> hashes = new ArrayList<>(page.swarms().size());
            page.swarms().forEach(c -> hashes.add(c.infoHash()));
            return allowlist.names(hashes).map(names -> Stats.of(page, names, offset, limit));
        });
    }

    /** One swarm row. */
    public record SwarmRow(String infoHash, String name, long seeders, long leechers, long completed) {
        static SwarmRow of(SwarmCounts c, String name) {
            return new SwarmRow(c.infoHashHex(), name, c.complete(), c.incomplete(), c.downloaded());
        }
    }

    /** A page of swarms, with totals over the page and the number of swarms in all. */
    public record Stats(
            List<SwarmRow> swarms,
            long totalSwarms,
            int offset,
            int limit,
            long seeders,
            long leechers,
            long completed) {
        static Stats of(SwarmPage page, List<String> names, int offset, int limit) {
            List<SwarmRow> rows = new ArrayList<>(page.swarms().size());
            long s = 0;
            long l = 0;
            long c = 0;
            for (int i = 0; i < page.swarms().size(); i++) {
                SwarmCounts counts = page.swarms().get(i);
                rows.add(SwarmRow.of(counts, names.get(i)));
                s += counts.complete();
                l += counts.incomplete();
                c += counts.downloaded();
            }
            return new Stats(rows, page.total(), offset, limit, s, l, c);
        }

        public boolean hasPrevious() {
            return offset > 0;
        }

        public boolean hasNext() {
            return offset + limit < totalSwarms;
        }

        public int previousOffset() {
            return Math.max(0, offset - limit);
        }

        public int nextOffset() {
            return offset + limit;
        }
    }

    @GET
    @Path("api/stats")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Swarms, most recently active first, paginated")
    public Uni<Response> stats(
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            return Uni.createFrom()
                    .item(Problem.of(400, "Bad page", "offset must be >= 0 and limit between 1 and " + MAX_LIMIT));
        }
        return page(offset, limit)
                .map(stats -> Response.ok(stats).build())
                .onFailure()
                .recoverWithItem(f -> Problem.of(503, "Storage unavailable", "the swarm store did not answer"));
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "HTML index of swarms, paginated")
    public Uni<TemplateInstance> index(
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) {
        int safeOffset = Math.max(0, offset);
        int safeLimit = Math.max(1, Math.min(MAX_LIMIT, limit));
        return page(safeOffset, safeLimit)
                .map(stats -> index.data("stats", stats).data("error", null))
                .onFailure()
                .recoverWithItem(f -> index.data("stats", null).data("error", "tracker storage unavailable"));
    }
}
