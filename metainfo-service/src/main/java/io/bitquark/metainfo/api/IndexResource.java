package io.bitquark.metainfo.api;

import io.bitquark.metainfo.store.HostedTorrent;
import io.bitquark.metainfo.store.TorrentRepository;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The HTML front page ({@code templates/index.html}): hosted torrents, newest first and paginated, with their
 * .torrent and magnet links, and a form that uploads a file to make a torrent of it.
 */
@Path("/")
@Tag(name = "torrents")
public class IndexResource {

    /** Torrents per page unless {@code limit} says otherwise. */
    static final int DEFAULT_LIMIT = 50;

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance index(Page page);
    }

    /** One hosted torrent as the page shows it. */
    public record Row(
            String id,
            String name,
            long totalSize,
            String size,
            String torrentUrl,
            String magnet,
            String seeding,
            String seedingReason) {}

    /** A page of the index; offsets for the neighbouring pages. */
    public record Page(List<Row> torrents, int total, int offset, int limit) {
        public boolean hasPrevious() {
            return offset > 0;
        }

        public int previousOffset() {
            return Math.max(0, offset - limit);
        }

        public boolean hasNext() {
            return offset + limit < total;
        }

        public int nextOffset() {
            return offset + limit;
        }

        public int first() {
            return torrents.isEmpty() ? 0 : offset + 1;
        }

        public int last() {
            return offset + torrents.size();
        }
    }

    private final TorrentRepository repository;

    public IndexResource(TorrentRepository repository) {
        this.repository = repository;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "HTML index of hosted torrents, newest first, with an upload form")
    public TemplateInstance index(
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("" + DEFAULT_LIMIT) int limit) {
        int from = Math.max(0, offset);
        int size = Math.max(1, Math.min(TorrentResource.MAX_LIMIT, limit));
        List<String> ids = repository.ids();
        List<Row> rows = new ArrayList<>();
        for (int i = from; i < Math.min(ids.size(), from + size); i++) {
            repository.find(ids.get(i)).ifPresent(t -> rows.add(row(t)));
        }
        return Templates.index(new Page(rows, ids.size(), from, size));
    }

    private static Row row(HostedTorrent t) {
        return new Row(
                t.id(),
                t.metainfo().name(),
                t.metainfo().totalSize(),
                humanSize(t.metainfo().totalSize()),
                "/torrents/" + t.id() + ".torrent",
                TorrentView.magnet(t.metainfo()),
                t.seeding().state(),
                Optional.ofNullable(t.seeding().reason()).orElse(""));
    }

    /** Bytes in binary units with one decimal: {@code 512 B}, {@code 1.5 KiB}, {@code 4.0 GiB}. */
    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
