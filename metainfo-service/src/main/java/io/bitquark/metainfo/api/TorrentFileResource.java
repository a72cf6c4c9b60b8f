package io.bitquark.metainfo.api;

import io.bitquark.metainfo.store.TorrentRepository;
import io.bitquark.rest.ApiProblem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Serves hosted .torrent files, so that browsers and clients download them by following a link. */
@Path("/torrents")
@Tag(name = "torrents")
public class TorrentFileResource {

    public static final String BITTORRENT = "application/x-bittorrent";

    private final TorrentRepository repository;

    public TorrentFileResource(TorrentRepository repository) {
        this.repository = repository;
    }

    @GET
    @Path("{file}")
    @Operation(
            summary = "Download a hosted .torrent",
            description = "The file name is the torrent's id followed by .torrent.")
    public Response download(@PathParam("file") String file) {
        if (file == null || !file.endsWith(".torrent")) {
            throw ApiProblem.notFound("torrents are served as /torrents/{id}.torrent");
        }
        String id = file.substring(0, file.length() - ".torrent".length()).toLowerCase();
        byte[] bytes = repository.bytes(id).orElseThrow(() -> ApiProblem.notFound("no hosted torrent " + id));
        String name = repository.find(id).map(t -> t.metainfo().name()).orElse(id);
        return Response.ok(bytes, BITTORRENT)
                .header("Content-Disposition", contentDisposition(name + ".torrent"))
                .build();
    }

    /** RFC 6266: an ASCII fallback name and the UTF-8 name. */
    static String contentDisposition(String name) {
        String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
        String utf8 = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + utf8;
    }
}
