package io.bitquark.seeder.api;

import io.bitquark.rest.ApiProblem;
import io.bitquark.rest.ProblemMapper;
import io.bitquark.seeder.torrent.TorrentException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place a refusal of the domain ({@link TorrentException}) gets its HTTP status and problem title; it
 * leaves as {@code application/problem+json} like every other error, its detail as the domain wrote it.
 */
public class TorrentProblems {

    @ServerExceptionMapper
    public Response torrentException(TorrentException e) {
        ApiProblem p = problem(e);
        return ProblemMapper.problem(p.status(), p.title(), p.getMessage(), p.offset());
    }

    static ApiProblem problem(TorrentException e) {
        String detail = e.getMessage();
        return switch (e.kind()) {
            case INVALID_REQUEST -> ApiProblem.badRequest(detail);
            case MALFORMED ->
                new ApiProblem(
                        422,
                        "Malformed torrent",
                        detail,
                        e.offset().isPresent() ? e.offset().getAsLong() : null);
            case UNSEEDABLE -> ApiProblem.unprocessable(detail);
            case ALREADY_ADDED, DATA_OUTSIDE_ROOT -> ApiProblem.conflict(detail);
            case NO_METADATA_SOURCE -> new ApiProblem(422, "No metadata source", detail);
            case METADATA_NOT_FETCHED -> new ApiProblem(422, "Metadata not fetched", detail);
            case SHUTTING_DOWN -> new ApiProblem(503, "Shutting down", detail);
            case STATE_NOT_SAVED -> new ApiProblem(507, "State not saved", detail);
            case NOT_FULLY_REMOVED -> new ApiProblem(507, "Not fully removed", detail);
        };
    }
}
