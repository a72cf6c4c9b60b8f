package io.bitquark.metainfo.api;

import io.bitquark.metainfo.create.HashingThreads;
import io.bitquark.metainfo.verify.ContentVerifier;
import io.bitquark.metainfo.verify.VerifyReport;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.rest.ApiProblem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * {@code imdl torrent verify} as REST: checks content under the content root against a torrent. The method
 * returns a plain value, so RESTEasy Reactive runs it on a worker thread; it reads the whole content.
 */
@Path("/api/verify")
@Tag(name = "verify", description = "Check content against a .torrent")
public class VerifyResource {

    static final String TORRENT = "torrent";
    static final String PATH = "path";
    private static final int MAX_PATH_SIZE = 4096;

    private final TorrentService torrents;
    private final ContentVerifier verifier;

    public VerifyResource(TorrentService torrents, HashingThreads hashing) {
        this.torrents = torrents;
        this.verifier = new ContentVerifier(torrents.scanner().root(), hashing.hashing());
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Verify content against a .torrent",
            description = "Parts: 'torrent' (the .torrent file) and 'path' (relative to the content root: the file of a"
                    + " single-file torrent or the top directory of a multi-file one). Reports each file (ok, missing,"
                    + " wrong-size, corrupt), the bad pieces as ranges, and a summary.")
    public VerifyReport verify(MultipartFormDataInput input) {
        MultipartParts parts = MultipartParts.of(input, Set.of(TORRENT, PATH));
        byte[] torrent = parts.file(TORRENT, TorrentBodies.MAX_TORRENT_SIZE)
                .orElseThrow(() ->
                        ApiProblem.badRequest("the 'torrent' part is required: the .torrent file to verify against"));
        String path = parts.text(PATH, MAX_PATH_SIZE)
                .orElseThrow(() -> ApiProblem.badRequest(
                        "the 'path' part is required: the content, relative to the content root"));
        java.nio.file.Path location = torrents.scanner().resolve(path);
        Metainfo metainfo = TorrentService.parse(torrent);
        return verifier.verify(metainfo, location);
    }
}
