package io.bitquark.metainfo.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** btshowmetainfo as REST: everything a torrent says, and what is wrong with it. */
@Path("/api/inspect")
@Tag(name = "inspect", description = "Read a .torrent")
public class InspectResource {

    @POST
    @Consumes("application/x-bittorrent")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Inspect a .torrent",
            description = "A malformed torrent is a 422 problem naming the error and its byte offset.")
    public InspectView inspect(InputStream body) {
        return InspectView.of(TorrentService.parse(TorrentBodies.read(body)));
    }
}
