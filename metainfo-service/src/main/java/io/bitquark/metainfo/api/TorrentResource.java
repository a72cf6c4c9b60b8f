package io.bitquark.metainfo.api;

import io.bitquark.metainfo.config.MetainfoConfig;
import io.bitquark.metainfo.create.CreateOptions;
import io.bitquark.metainfo.jobs.Job;
import io.bitquark.metainfo.jobs.JobService;
import io.bitquark.metainfo.store.HostedTorrent;
import io.bitquark.metainfo.store.TorrentRepository;
import io.bitquark.rest.AdminAuthorization;
import io.bitquark.rest.ApiProblem;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Creating and hosting torrents: btmakemetafile as REST. Methods return plain values, so RESTEasy Reactive
 * runs them on worker threads: they hash and touch the disk.
 */
@Path("/api/torrents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "torrents", description = "Create, host, list and delete torrents")
public class TorrentResource {

    /** The largest page of {@code GET /api/torrents}. */
    public static final int MAX_LIMIT = 500;

    private final TorrentService torrents;
    private final TorrentRepository repository;
    private final AdminAuthorization authorization;
    private final MetainfoConfig config;

    @Inject
    JobService jobs;

    public TorrentResource(
            TorrentService torrents,
            TorrentRepository repository,
            AdminAuthorization authorization,
            MetainfoConfig config) {
        this.torrents = torrents;
        this.repository = repository;
        this.authorization = authorization;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create a torrent from a file or directory under the content root",
            description =
                    "201 with the new torrent, or 200 with the existing one when its info-hash is already hosted. "
                            + "With 'Prefer: respond-async', or for content over bitquark.metainfo.create.async-threshold: 202 with a job.")
    public Response create(
            CreateOptions options,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam("Prefer") String prefer) {
        authorization.require(auth);
        if (options == null) {
            throw ApiProblem.badRequest("send the options as a JSON object with at least a 'path'");
        }
        TorrentService.Prepared prepared = torrents.prepare(options, null);
        if (jobs.respondAsync(prefer, prepared.totalSize())) {
            Job job =
                    jobs.submit(prepared.totalSize(), j -> torrents.create(prepared, j::progress, j::cancelRequested));
            return JobResource.accepted(job, JobService.prefersAsync(prefer));
        }
        return created(torrents.create(prepared, bytes -> {}, () -> false));
    }

    @POST
    @Consumes("application/x-bittorrent")
    @Operation(
            summary = "Host an existing .torrent",
            description = "The torrent is validated as inspect does; a malformed one is a 422.")
    public Response host(InputStream body, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        return created(torrents.hostExisting(TorrentBodies.read(body)));
    }

    Response created(TorrentService.Hosted hosted) {
        TorrentView view = TorrentView.of(hosted.torrent(), config.publicUrl());
        if (!hosted.created()) {
            return Response.ok(view).build();
        }
        return Response.created(URI.create("/api/torrents/" + hosted.torrent().id()))
                .entity(view)
                .build();
    }

    /** A page of hosted torrents. */
    public record Page(List<TorrentView> torrents, int total, int offset, int limit) {}

    @GET
    @Operation(summary = "Hosted torrents, most recently hosted first, paginated")
    public Page list(
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.badRequest("offset must be >= 0 and limit between 1 and " + MAX_LIMIT);
        }
        List<String> ids = repository.ids();
        List<TorrentView> page = new ArrayList<>();
        for (int i = offset; i < Math.min(ids.size(), offset + limit); i++) {
            repository.find(ids.get(i)).ifPresent(t -> page.add(TorrentView.of(t, config.publicUrl())));
        }
        return new Page(page, ids.size(), offset, limit);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One hosted torrent")
    public TorrentView get(@PathParam("id") String id) {
        return TorrentView.of(find(id), config.publicUrl());
    }

    @DELETE
    @Path("{id}")
    @Operation(
            summary = "Stop hosting a torrent",
            description = "Its uploaded content goes too only with deleteContent=true.")
    public Response delete(
            @PathParam("id") String id,
            @QueryParam("deleteContent") @DefaultValue("false") boolean deleteContent,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        if (!torrents.delete(id.toLowerCase(), deleteContent)) {
            throw ApiProblem.notFound("no hosted torrent " + id);
        }
        return Response.noContent().build();
    }

    HostedTorrent find(String id) {
        return repository
                .find(id == null ? null : id.toLowerCase())
                .orElseThrow(() -> ApiProblem.notFound("no hosted torrent " + id));
    }
}
