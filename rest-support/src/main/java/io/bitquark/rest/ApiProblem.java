package io.bitquark.rest;

/**
 * A request that cannot be served, as an RFC 7807 problem: status, title and a detail that says what to
 * fix. {@link ProblemMapper} writes it as {@code application/problem+json}.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final Long offset;

    public ApiProblem(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ApiProblem(int status, String title, String detail, Long offset) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.offset = offset;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad request", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not found", detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "Conflict", detail);
    }

    public static ApiProblem unprocessable(String detail) {
        return new ApiProblem(422, "Unprocessable torrent", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The byte offset the problem was found at, for malformed torrents. */
    public Long offset() {
        return offset;
    }
}
