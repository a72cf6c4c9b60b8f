package io.bitquark.metainfo.peers;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** A seed pool member's API for adding a torrent to the pool, as a REST client. */
@Path("/pool/torrents")
public interface PoolClient {

    @POST
    @Consumes("application/x-bittorrent")
    Response add(@HeaderParam("Authorization") String authorization, byte[] torrent);
}
