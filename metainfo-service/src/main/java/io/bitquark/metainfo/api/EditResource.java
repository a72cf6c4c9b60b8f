package io.bitquark.metainfo.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.bitquark.metainfo.edit.EditOperation;
import io.bitquark.metainfo.edit.TorrentEdit;
import io.bitquark.metainfo.store.TorrentRepository;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.rest.ApiProblem;
import io.bitquark.rest.ProblemMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * BitTornado's editing tools as REST (btreannounce, btcopyannounce, btsethttpseeds, btrename...): a .torrent
 * and a list of {@link EditOperation}s in, the edited .torrent out. Nothing is hosted or stored.
 */
@Path("/api/edit")
@Tag(name = "edit", description = "Edit a .torrent")
public class EditResource {

    /** Parts of an edit request. */
    static final String TORRENT = "torrent";

    static final String OPERATIONS = "operations";
    static final String SOURCE = "source";
    /** The largest {@code operations} JSON accepted. */
    static final int MAX_OPERATIONS_SIZE = 1024 * 1024;

    private static final TypeReference<List<EditOperation>> OPERATION_LIST = new TypeReference<>() {};

    private final ObjectMapper json;
    private final TorrentRepository repository;

    public EditResource(ObjectMapper json, TorrentRepository repository) {
        this.json = json;
        this.repository = repository;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces({TorrentFileResource.BITTORRENT, ProblemMapper.MEDIA_TYPE})
    @Operation(
            summary = "Edit a .torrent",
            description =
                    "Parts: 'torrent' (the .torrent file), 'operations' (a JSON list of {\"op\": ...} objects) and, for"
                            + " copy-announce without a torrentId, 'source' (the .torrent to copy trackers from). Returns the edited"
                            + " .torrent with its info-hashes in X-Info-Hash and X-Info-Hash-V2. Edits outside the info dictionary"
                            + " keep the info-hash; rename, private and source change it.")
    public Response edit(MultipartFormDataInput input) {
        MultipartParts parts = MultipartParts.of(input, Set.of(TORRENT, OPERATIONS, SOURCE));
        byte[] torrent = parts.file(TORRENT, TorrentBodies.MAX_TORRENT_SIZE)
                .orElseThrow(() -> ApiProblem.badRequest("the 'torrent' part is required: the .torrent file to edit"));
        String operations = parts.text(OPERATIONS, MAX_OPERATIONS_SIZE)
                .orElseThrow(() -> ApiProblem.badRequest(
                        "the 'operations' part is required: a JSON list of {\"op\": ...} objects"));
        List<EditOperation> ops = operations(operations);
        Metainfo original = TorrentService.parse(torrent);
        Metainfo edited = TorrentEdit.apply(
                original,
                ops,
                () -> TorrentService.parse(
                        parts.file(SOURCE, TorrentBodies.MAX_TORRENT_SIZE)
                                .orElseThrow(
                                        () -> ApiProblem.badRequest(
                                                "copy-announce without a 'torrentId' copies from the 'source' part, which is missing"))),
                id -> repository
                        .find(id == null ? null : id.toLowerCase())
                        .orElseThrow(() -> ApiProblem.notFound("copy-announce: no hosted torrent " + id))
                        .metainfo());
        Response.ResponseBuilder r = Response.ok(edited.encode(), TorrentFileResource.BITTORRENT)
                .header("Content-Disposition", TorrentFileResource.contentDisposition(edited.name() + ".torrent"));
        edited.infoHashV1().ifPresent(h -> r.header("X-Info-Hash", h.hex()));
        edited.infoHashV2().ifPresent(h -> r.header("X-Info-Hash-V2", h.hex()));
        return r.build();
    }

    private List<EditOperation> operations(String text) {
        try {
            List<EditOperation> ops = json.readValue(text, OPERATION_LIST);
            if (ops == null) {
                throw ApiProblem.badRequest("operations must be a JSON list of {\"op\": ...} objects");
            }
            return ops;
        } catch (InvalidTypeIdException e) {
            throw ApiProblem.badRequest("unknown or missing 'op' in operations: " + e.getOriginalMessage());
        } catch (UnrecognizedPropertyException e) {
            throw ApiProblem.badRequest("unknown field '" + e.getPropertyName() + "' in an operation; its fields: "
                    + e.getKnownPropertyIds());
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest(
                    "operations must be a JSON list of {\"op\": ...} objects: " + e.getOriginalMessage());
        }
    }
}
