package io.bitquark.seeder.api;

import io.bitquark.rest.ApiProblem;
import io.bitquark.rest.ProblemMapper;
import io.bitquark.seeder.pool.PoolException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place a refusal of the pool ({@link PoolException}) gets its HTTP status and problem title. */
public class PoolProblems {

    @ServerExceptionMapper
    public Response poolException(PoolException e) {
        ApiProblem p = problem(e);
        return ProblemMapper.problem(p.status(), p.title(), p.getMessage(), p.offset());
    }

    static ApiProblem problem(PoolException e) {
        String detail = e.getMessage();
        return switch (e.kind()) {
            case INVALID -> ApiProblem.unprocessable(detail);
            case TORRENT_TOO_LARGE -> new ApiProblem(413, "Torrent too large", detail);
            case NOT_FOUND -> ApiProblem.notFound(detail);
            case DISABLED -> new ApiProblem(409, "Not a pool member", detail);
            case MEMBER_ID_TAKEN -> ApiProblem.conflict(detail);
            case UNAVAILABLE -> new ApiProblem(503, "Pool store unavailable", detail);
        };
    }
}
