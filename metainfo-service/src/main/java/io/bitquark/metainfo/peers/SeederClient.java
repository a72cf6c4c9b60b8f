package io.bitquark.metainfo.peers;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** seeder-service's API for adding a torrent to seed, as a REST client. */
@Path("/api/torrents")
public interface SeederClient {

    @POST
    @Consumes("application/x-bittorrent")
    Response seed(
            @QueryParam("dataPath") String dataPath,
            @HeaderParam("Authorization") String authorization,
            byte[] torrent);
}
