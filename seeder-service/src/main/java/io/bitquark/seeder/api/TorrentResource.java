package io.bitquark.seeder.api;

import io.bitquark.rest.AdminAuthorization;
import io.bitquark.rest.ApiProblem;
import io.bitquark.seeder.config.SeederConfig;
import io.bitquark.seeder.torrent.ManagedTorrent;
import io.bitquark.seeder.torrent.PendingMagnet;
import io.bitquark.seeder.torrent.SeederLifecycle;
import io.bitquark.seeder.torrent.TorrentLimits;
import io.bitquark.seeder.torrent.TorrentSession;
import io.bitquark.seeder.torrent.TorrentSources;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The torrent session's REST API: add a torrent to seed, follow it, pause, resume and remove it. Mutating calls
 * need {@code Authorization: Bearer <bitquark.seeder.admin-token>} when a token is configured.
 */
@Path("/api/torrents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "torrents")
@Blocking
public class TorrentResource {

    static final String BITTORRENT = "application/x-bittorrent";
    static final int MAX_LIMIT = 1000;
    static final int MAX_PEERS = 200;

    private final TorrentSession session;
    private final TorrentSources sources;
    private final TorrentViews views;
    private final AdminAuthorization authorization;
    private final int maxTorrentSize;
    private final SeederLifecycle lifecycle;

    public TorrentResource(
            TorrentSession session,
            TorrentSources sources,
            TorrentViews views,
            AdminAuthorization authorization,
            SeederConfig config,
            SeederLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.session = session;
        this.maxTorrentSize = config.maxTorrentSize();
        this.sources = sources;
        this.views = views;
        this.authorization = authorization;
    }

    @POST
    @Consumes(BITTORRENT)
    @Operation(
            summary = "Seed a torrent given as a .torrent body",
            description =
                    "Answers 201 with the torrent as added (state checking) and its Location; its data is verified before "
                            + "pieces are served, and missing data makes a partial seed. 409 when it is already seeded, 422 for a malformed "
                            + "torrent (with the byte offset), 400 for a dataPath outside the data root.")
    public Response addTorrentFile(
            byte[] torrent,
            @Parameter(description = "The content (the seed's --saveas) relative to the data root; default <name>")
                    @QueryParam("dataPath")
                    String dataPath,
            @QueryParam("download") @DefaultValue("false") boolean download,
            @Parameter(description = "The torrent's own upload limit in bytes per second, 0 unlimited")
                    @QueryParam("uploadRateLimit")
                    String uploadRateLimit,
            @Parameter(description = "The torrent's own download limit in bytes per second, 0 unlimited")
                    @QueryParam("downloadRateLimit")
                    String downloadRateLimit,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        TorrentBodies.checked(torrent, maxTorrentSize);
        TorrentLimits limits = limits(
                rateParam("uploadRateLimit", uploadRateLimit), rateParam("downloadRateLimit", downloadRateLimit));
        return created(session.add(torrent, dataPath, download, limits));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Seed a torrent named by info-hash, URL or magnet link",
            description =
                    "Exactly one of infoHash, metainfoUrl and magnet. metainfoUrl is fetched as given; infoHash and magnet "
                            + "from metainfo-service (bitquark.seeder.metainfo-url). Answers as the .torrent body form does; 422 when the "
                            + "metadata cannot be fetched. A magnet link metainfo-service does not know (or with none set) is added "
                            + "in state metadata: its info dictionary is fetched from its x.pe peers and from peers that connect "
                            + "(BEP 9), verified against its info-hashes, and then it is checked and downloaded.")
    public Response addByReference(AddTorrentRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        if (request == null) {
            throw ApiProblem.badRequest("the body must be a JSON object with one of infoHash, metainfoUrl or magnet");
        }
        TorrentLimits limits = limits(request.uploadRateLimit(), request.downloadRateLimit());
        boolean download = Boolean.TRUE.equals(request.download());
        TorrentSources.Resolved resolved = sources.resolve(request.infoHash(), request.metainfoUrl(), request.magnet());
        if (resolved.torrent() == null) {
            PendingMagnet pending =
                    session.search(resolved.magnet(), request.dataPath(), download, limits, maxTorrentSize);
            return Response.created(URI.create("/api/torrents/" + pending.id()))
                    .entity(views.of(pending))
                    .build();
        }
        List<InetSocketAddress> peers =
                resolved.magnet() == null ? List.of() : TorrentSession.peersOf(resolved.magnet());
        return created(session.add(resolved.torrent(), request.dataPath(), download, limits, peers));
    }

    @GET
    @Operation(summary = "Seeded torrents, oldest first, paginated")
    public Page list(
            @Parameter(description = "Torrents to skip, >= 0") @QueryParam("offset") @DefaultValue("0")
                    String offsetParam,
            @Parameter(description = "Torrents on the page, 1 to " + MAX_LIMIT)
                    @QueryParam("limit")
                    @DefaultValue("100")
                    String limitParam) {
        int offset = intParam("offset", offsetParam);
        int limit = intParam("limit", limitParam);
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.badRequest("offset must be >= 0 and limit between 1 and " + MAX_LIMIT);
        }
        List<TorrentView> all = new ArrayList<>();
        session.torrents().forEach(t -> all.add(views.of(t)));
        session.searches().forEach(p -> all.add(views.of(p)));
        List<TorrentView> page = all.stream().skip(offset).limit(limit).toList();
        return new Page(page, all.size(), offset, limit);
    }

    @GET
    @Path("{infoHash}")
    @Operation(summary = "One seeded torrent, with its peers and trackers")
    public TorrentView get(@PathParam("infoHash") String infoHash) {
        Optional<PendingMagnet> pending = session.findSearch(infoHash);
        return pending.isPresent() ? views.of(pending.get()) : views.of(find(infoHash));
    }

    @PATCH
    @Path("{infoHash}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change a torrent's own rate limits",
            description = "uploadRateLimit and downloadRateLimit in bytes per second (0 unlimited); an absent field is "
                    + "kept. They hold at once on every connection and survive a restart.")
    public TorrentView patch(
            @PathParam("infoHash") String infoHash,
            TorrentPatch patch,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        ManagedTorrent torrent = find(infoHash);
        if (patch == null || patch.uploadRateLimit() == null && patch.downloadRateLimit() == null) {
            throw ApiProblem.badRequest("the body must set uploadRateLimit, downloadRateLimit or both");
        }
        return views.of(session.limit(torrent, limits(patch.uploadRateLimit(), patch.downloadRateLimit())));
    }

    @DELETE
    @Path("{infoHash}")
    @Operation(
            summary = "Stop seeding a torrent",
            description =
                    "Sends 'stopped' to its trackers and closes its peers. The data stays unless deleteData=true.")
    public Response delete(
            @PathParam("infoHash") String infoHash,
            @QueryParam("deleteData") @DefaultValue("false") boolean deleteData,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        Optional<PendingMagnet> pending = session.findSearch(infoHash);
        if (pending.isPresent()) {
            session.cancel(pending.get());
        } else {
            session.remove(find(infoHash), deleteData);
        }
        return Response.noContent().build();
    }

    @POST
    @Path("{infoHash}/pause")
    @Operation(summary = "Pause a torrent: 'stopped' to its trackers, its peers closed, nothing served")
    public TorrentView pause(
            @PathParam("infoHash") String infoHash, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        return views.of(session.pause(find(infoHash)));
    }

    @POST
    @Path("{infoHash}/resume")
    @Operation(summary = "Resume a paused torrent")
    public TorrentView resume(
            @PathParam("infoHash") String infoHash, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        return views.of(session.resume(find(infoHash)));
    }

    @POST
    @Path("{infoHash}/peers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Give a torrent peers to connect to",
            description = "Each peer is host:port ([v6]:port for IPv6); at most " + MAX_PEERS
                    + " per call. 409 unless the torrent is downloading, seeding or partial.")
    public AddPeersResult addPeers(
            @PathParam("infoHash") String infoHash,
            AddPeersRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        Optional<PendingMagnet> pending = session.findSearch(infoHash);
        ManagedTorrent torrent = pending.isPresent() ? null : find(infoHash);
        if (request == null || request.peers() == null || request.peers().isEmpty()) {
            throw ApiProblem.badRequest("peers must be a non-empty list of host:port");
        }
        if (request.peers().size() > MAX_PEERS) {
            throw ApiProblem.badRequest("at most " + MAX_PEERS + " peers per call, got "
                    + request.peers().size());
        }
        List<InetSocketAddress> peers = new ArrayList<>(request.peers().size());
        for (String peer : request.peers()) {
            peers.add(endpoint(peer));
        }
        if (pending.isPresent()) {
            int added = lifecycle.addPeers(pending.get().search(), peers);
            return new AddPeersResult(added, lifecycle.knownPeers(pending.get().search()));
        }
        if (!torrent.state().dialsPeers()) {
            throw ApiProblem.conflict(
                    "torrent " + torrent.id() + " is " + torrent.state().json() + ": it dials no peers");
        }
        int added = lifecycle.addPeers(torrent, peers);
        return new AddPeersResult(added, lifecycle.knownPeers(torrent));
    }

    /** {@code host:port} or {@code [v6]:port}, unresolved: the dialer resolves names without blocking. */
    static InetSocketAddress endpoint(String peer) {
        if (peer == null || peer.isBlank() || peer.length() > 300) {
            throw ApiProblem.badRequest("a peer must be host:port, not '" + peer + "'");
        }
        int colon = peer.lastIndexOf(':');
        String host = colon > 0 ? peer.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw ApiProblem.badRequest("an IPv6 peer must be written [address]:port, not '" + peer + "'");
        }
        int port;
        try {
            port = Integer.parseInt(peer.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 1 || port > 65535 || !host.matches("[A-Za-z0-9.:%_-]+")) {
            throw ApiProblem.badRequest("a peer must be host:port with a port of 1-65535, not '" + peer + "'");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** Rate limits as given: each absent (null), or bytes per second, 0 unlimited; a negative one is a 400. */
    private static TorrentLimits limits(Long uploadRate, Long downloadRate) {
        if (uploadRate != null && uploadRate < 0 || downloadRate != null && downloadRate < 0) {
            throw ApiProblem.badRequest(
                    "rate limits are bytes per second, 0 for unlimited; a negative one means nothing");
        }
        return new TorrentLimits(uploadRate, downloadRate);
    }

    /** An optional query parameter that must be a whole number of bytes per second. */
    private static Long rateParam(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(name + " must be a whole number of bytes per second, not '" + value + "'");
        }
    }

    /** A query parameter that must be an integer: a bad one is a 400 problem, not JAX-RS's 404. */
    private static int intParam(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(name + " must be an integer, not '" + value + "'");
        }
    }

    /** A torrent with its metainfo; one still fetching it (state metadata) is a 409 for what needs it. */
    private ManagedTorrent find(String infoHash) {
        Optional<ManagedTorrent> found = session.find(infoHash);
        if (found.isEmpty() && session.findSearch(infoHash).isPresent()) {
            throw ApiProblem.conflict(
                    "torrent " + infoHash + " is still fetching its metadata; only GET, DELETE and peers apply");
        }
        return found.orElseThrow(() -> ApiProblem.notFound("no torrent " + infoHash + " is seeded here"));
    }

    private Response created(ManagedTorrent torrent) {
        return Response.created(URI.create("/api/torrents/" + torrent.id()))
                .entity(views.asAdded(torrent))
                .build();
    }
}
