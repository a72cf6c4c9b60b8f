package io.bitquark.tracker.allowlist;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin API of the info-hash allowlist. Every call takes {@code Authorization: Bearer <token>} when
 * {@code bitquark.tracker.admin-token} is set. Info-hashes are 40 hex characters (v1, or truncated v2).
 */
@Path("/api/allowlist")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "allowlist", description = "Which swarms this tracker serves, when the allowlist is enabled")
@SecurityScheme(securitySchemeName = "admin", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "admin")
public class AllowlistResource {

    static final int MAX_NAME = 1024;

    private final Allowlist allowlist;
    private final AdminAuthorization authorization;

    public AllowlistResource(Allowlist allowlist, AdminAuthorization authorization) {
        this.allowlist = allowlist;
        this.authorization = authorization;
    }

    @GET
    @Operation(summary = "List allowlisted info-hashes")
    public Uni<Response> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        if (!authorization.permits(auth)) {
            return Uni.createFrom().item(unauthorized());
        }
        return allowlist.list().map(hashes -> {
            List<String> hex = new ArrayList<>(hashes.size());
            hashes.forEach(h -> hex.add(HexFormat.of().formatHex(h)));
            hex.sort(null);
            return Response.ok(Map.of("enabled", allowlist.enabled(), "infoHashes", hex))
                    .build();
        });
    }

    /** Optional body of a PUT: the swarm's display name for the index page. */
    public record Entry(String name) {}

    @PUT
    @Path("{infoHash}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Allow a swarm",
            description = "An optional JSON body {\"name\": ...} names the swarm on the index page.")
    public Uni<Response> add(
            @PathParam("infoHash") String infoHash, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, Entry entry) {
        if (entry != null && entry.name() != null && entry.name().length() > MAX_NAME) {
            return Uni.createFrom().item(Problem.of(400, "Bad name", "a name is at most " + MAX_NAME + " characters"));
        }
        return change(infoHash, auth, true, entry == null ? null : entry.name());
    }

    @DELETE
    @Path("{infoHash}")
    @Operation(summary = "Stop allowing a swarm")
    public Uni<Response> remove(
            @PathParam("infoHash") String infoHash, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return change(infoHash, auth, false, null);
    }

    private Uni<Response> change(String infoHash, String auth, boolean add, String name) {
        if (!authorization.permits(auth)) {
            return Uni.createFrom().item(unauthorized());
        }
        if (infoHash == null || !infoHash.matches("[0-9a-fA-F]{40}")) {
            return Uni.createFrom().item(Problem.of(400, "Bad info-hash", "an info-hash is 40 hexadecimal characters"));
        }
        byte[] hash = HexFormat.of().parseHex(infoHash);
        return (add ? allowlist.add(hash, name) : allowlist.remove(hash))
                .replaceWith(Response.noContent().build())
                .onFailure()
                .recoverWithItem(f -> Problem.of(503, "Storage unavailable", "the allowlist store did not answer"));
    }

    private static Response unauthorized() {
        return Problem.of(401, "Unauthorized", "this endpoint needs 'Authorization: Bearer <admin token>'");
    }
}
