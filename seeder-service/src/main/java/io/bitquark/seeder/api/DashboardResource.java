package io.bitquark.seeder.api;

import io.bitquark.seeder.torrent.TorrentSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The HTML dashboard ({@code templates/index.html}): every torrent with its state, check progress, pieces,
 * download progress (percent, bytes, rate, ETA, wasted bytes), upload and peers, rendered once here and then refreshed every two seconds from
 * {@code GET /api/torrents}.
 */
@Path("/")
@Tag(name = "dashboard")
public class DashboardResource {

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance index(List<TorrentView> torrents, int peerPort);
    }

    private final TorrentSession session;
    private final TorrentViews views;

    public DashboardResource(TorrentSession session, TorrentViews views) {
        this.session = session;
        this.views = views;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The seeder's dashboard, refreshed live")
    public TemplateInstance index() {
        List<TorrentView> torrents = new ArrayList<>();
        session.torrents().forEach(t -> torrents.add(views.of(t)));
        session.searches().forEach(p -> torrents.add(views.of(p)));
        return Templates.index(torrents, session.peerPort());
    }
}
