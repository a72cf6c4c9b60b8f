package io.bitquark.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as {@code application/problem+json} (RFC 7807): our own problems with their status,
 * framework rejections (unknown route, wrong media type, oversized body, bad JSON) with theirs, and
 * anything unexpected as a 500 without a stack trace.
 */
public class ProblemMapper {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    public static Response problem(int status, String title, String detail, Long offset) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (offset != null) {
            body.put("offset", offset);
        }
        Response.ResponseBuilder r = Response.status(status).type(MEDIA_TYPE).entity(body);
        if (status == 401) {
            r.header("WWW-Authenticate", "Bearer");
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem p) {
        return problem(p.status(), p.title(), p.getMessage(), p.offset());
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return problem(400, "Bad JSON", "malformed JSON request: " + e.getOriginalMessage(), null);
    }

    @ServerExceptionMapper
    public Response badJsonMapping(com.fasterxml.jackson.databind.JsonMappingException e) {
        return badJson(e);
    }

    /** A JSON value of the wrong type ({@code "infoHash": [1, 2]}); without it Jackson's own mapper answers in plain JSON. */
    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response unknownField(com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
        return problem(
                400,
                "Bad JSON",
                "unknown field '" + e.getPropertyName() + "'; known fields: " + e.getKnownPropertyIds(),
                null);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return badJson(json);
            }
        }
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        return problem(status, title == null ? "Error" : title, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return problem(500, "Internal error", "the request failed unexpectedly; see the service log", null);
    }
}
