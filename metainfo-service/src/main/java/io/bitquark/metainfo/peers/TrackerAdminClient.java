package io.bitquark.metainfo.peers;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** tracker-service's allowlist API, as a REST client. */
@Path("/api/allowlist")
public interface TrackerAdminClient {

    @PUT
    @Path("{infoHash}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response allow(
            @PathParam("infoHash") String infoHash,
            @HeaderParam("Authorization") String authorization,
            Map<String, String> entry);

    @DELETE
    @Path("{infoHash}")
    Response disallow(@PathParam("infoHash") String infoHash, @HeaderParam("Authorization") String authorization);
}
