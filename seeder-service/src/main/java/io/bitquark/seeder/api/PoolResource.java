package io.bitquark.seeder.api;

import io.bitquark.rest.AdminAuthorization;
import io.bitquark.rest.ApiProblem;
import io.bitquark.seeder.config.SeederConfig;
import io.bitquark.seeder.pool.CopyState;
import io.bitquark.seeder.pool.MemberBeat;
import io.bitquark.seeder.pool.PoolMember;
import io.bitquark.seeder.pool.PoolService;
import io.bitquark.seeder.pool.PoolSnapshot;
import io.bitquark.seeder.pool.PoolTorrent;
import io.bitquark.seeder.torrent.TorrentSources;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The seed pool's REST API, on any member: add a torrent once and the pool places it on R members, follow each
 * torrent's placement and copies, remove it, list and drain the members. Mutating calls need the admin token when one
 * is configured. A replica that is not a pool member answers 409.
 */
@Path("/pool")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pool")
@Blocking
public class PoolResource {

    /** A pool torrent as listed: where it is placed, and each copy. */
    public record PoolTorrentView(
            String infoHash, int replicas, String state, long addedAt, List<String> owners, List<CopyView> copies) {}

    /**
     * One member's copy of a pool torrent, as the member last reported it: fetching (with its progress) or seeding;
     * {@code live} is false once the member has stopped beating (its copy no longer counts for the state).
     */
    public record CopyView(String member, String state, double progress, boolean owner, boolean live) {}

    /**
     * A pool member as listed: its last beat (ms by the store's clock), whether it is live and drained, how many
     * pool torrents it holds copies of ({@code torrents}, {@code seeding} of them verified), the bytes of their
     * content, and how many of its copies the pool still needs there ({@code needed}): a drained member is done when
     * that is 0.
     */
    public record MemberView(
            String id,
            String address,
            String zone,
            int weight,
            long lastBeat,
            boolean live,
            boolean drained,
            int torrents,
            int seeding,
            long bytes,
            int needed) {}

    /** The JSON form of an add: exactly one of the sources, and an optional replica count. */
    public record PoolAddRequest(String infoHash, String metainfoUrl, String magnet, Integer replicas) {}

    private final PoolService pool;
    private final TorrentSources sources;
    private final AdminAuthorization authorization;
    private final int maxTorrentSize;

    public PoolResource(
            PoolService pool, TorrentSources sources, AdminAuthorization authorization, SeederConfig config) {
        this.pool = pool;
        this.sources = sources;
        this.authorization = authorization;
        this.maxTorrentSize = config.maxTorrentSize();
    }

    @POST
    @Path("torrents")
    @Consumes(TorrentResource.BITTORRENT)
    @Operation(
            summary = "Add a .torrent to the pool",
            description = "Answers 202 with Location /pool/torrents/{infoHash}; its R owners fetch and seed it. "
                    + "replicas: R for this torrent (default bitquark.seeder.pool.replicas).")
    public Response addFile(
            byte[] torrent,
            @QueryParam("replicas") Integer replicas,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        return accepted(pool.add(TorrentBodies.checked(torrent, maxTorrentSize), replicas(replicas)));
    }

    @POST
    @Path("torrents")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Add a torrent to the pool by metainfoUrl, infoHash or magnet link",
            description = "Exactly one of them; the .torrent is fetched (infoHash and magnet from metainfo-service) "
                    + "and kept in the pool's catalog. Answers 202 with its Location.")
    public Response addByReference(PoolAddRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        if (request == null) {
            throw ApiProblem.badRequest("the body must be a JSON object with one of infoHash, metainfoUrl or magnet");
        }
        TorrentSources.Resolved resolved = sources.resolve(request.infoHash(), request.metainfoUrl(), request.magnet());
        if (resolved.torrent() == null) {
            throw new ApiProblem(
                    422,
                    "No metadata source",
                    "the pool keeps a torrent's .torrent in its catalog: a magnet link is accepted only when "
                            + "metainfo-service (bitquark.seeder.metainfo-url) has its torrent");
        }
        return accepted(pool.add(resolved.torrent(), replicas(request.replicas())));
    }

    @GET
    @Path("torrents")
    @Operation(summary = "The pool's torrents, each with its owners, its state and every member's copy")
    public List<PoolTorrentView> torrents() {
        PoolSnapshot snapshot = pool.snapshot();
        List<PoolTorrentView> views = new ArrayList<>();
        snapshot.torrents().forEach(t -> views.add(view(snapshot, t)));
        return views;
    }

    @GET
    @Path("torrents/{infoHash}")
    @Operation(summary = "One pool torrent")
    public PoolTorrentView torrent(@PathParam("infoHash") String infoHash) {
        PoolSnapshot snapshot = pool.snapshot();
        PoolTorrent t = snapshot.torrent(infoHash.toLowerCase(Locale.ROOT));
        if (t == null) {
            throw ApiProblem.notFound("torrent " + infoHash + " is not in the pool");
        }
        return view(snapshot, t);
    }

    @DELETE
    @Path("torrents/{infoHash}")
    @Operation(summary = "Remove a torrent from the pool: every owner stops and deletes its copy")
    public Response remove(
            @PathParam("infoHash") String infoHash, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        boolean removed = await(pool.store().removeTorrent(infoHash));
        if (!removed) {
            throw ApiProblem.notFound("torrent " + infoHash + " is not in the pool");
        }
        return Response.noContent().build();
    }

    @GET
    @Path("members")
    @Operation(summary = "The pool's members heard within the timeout and the grace, with their last beat and copies")
    public List<MemberView> members() {
        PoolSnapshot snapshot = pool.snapshot();
        List<MemberView> views = new ArrayList<>();
        for (MemberBeat beat : snapshot.listed()) {
            PoolMember m = beat.member();
            int torrents = 0;
            int seeding = 0;
            long bytes = 0;
            for (PoolTorrent t : snapshot.torrents()) {
                CopyState copy = snapshot.copiesOf(t).get(m.id());
                if (copy != null) {
                    torrents++;
                    seeding += copy.stage() == CopyState.Stage.SEEDING ? 1 : 0;
                    bytes += t.bytes();
                }
            }
            views.add(new MemberView(
                    m.id(),
                    m.address(),
                    m.zone().orElse(null),
                    m.weight(),
                    beat.lastBeatMillis(),
                    snapshot.live(beat),
                    snapshot.drained().contains(m.id()),
                    torrents,
                    seeding,
                    bytes,
                    snapshot.neededCopies(m.id())));
        }
        return views;
    }

    @POST
    @Path("members/{id}/drain")
    @Operation(summary = "Take a member out of placement: its torrents move away, make before break")
    public Response drain(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        await(pool.store().drain(id));
        return Response.noContent().build();
    }

    @DELETE
    @Path("members/{id}/drain")
    @Operation(summary = "Put a drained member back into placement")
    public Response undrain(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        await(pool.store().undrain(id));
        return Response.noContent().build();
    }

    private static PoolTorrentView view(PoolSnapshot snapshot, PoolTorrent t) {
        List<String> owners = snapshot.owners(t).stream().map(PoolMember::id).toList();
        Set<String> ownerSet = new HashSet<>(owners);
        Set<String> live = snapshot.liveIds();
        List<CopyView> copies = new ArrayList<>();
        snapshot.copiesOf(t)
                .forEach((member, copy) -> copies.add(new CopyView(
                        member,
                        copy.stage().name().toLowerCase(Locale.ROOT),
                        copy.progress(),
                        ownerSet.contains(member),
                        live.contains(member))));
        copies.sort((a, b) -> a.member().compareTo(b.member()));
        return new PoolTorrentView(
                t.infoHash(), t.replicas(), snapshot.state(t).json(), t.addedAtMillis(), owners, copies);
    }

    private static Integer replicas(Integer replicas) {
        if (replicas != null && (replicas < 1 || replicas > 64)) {
            throw ApiProblem.badRequest("replicas must be between 1 and 64, got " + replicas);
        }
        return replicas;
    }

    private static Response accepted(String infoHash) {
        return Response.accepted(Map.of("infoHash", infoHash))
                .location(URI.create("/pool/torrents/" + infoHash))
                .build();
    }

    private static <T> T await(io.smallrye.mutiny.Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }
}
