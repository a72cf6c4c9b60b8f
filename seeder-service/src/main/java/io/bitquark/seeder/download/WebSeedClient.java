package io.bitquark.seeder.download;

import io.bitquark.seeder.rate.Throttle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Fetches a piece's bytes from a web seed with the Vert.x HTTP client, never blocking:
 *
 * <pre>
 * GET &lt;file URL&gt;            Range: bytes=&lt;first&gt;-&lt;last&gt;   -&gt; 206, Content-Range: bytes &lt;first&gt;-&lt;last&gt;/&lt;size&gt;
 *                                                             (200 only when the range is the whole file)
 * GET &lt;seed&gt;?info_hash=..&amp;piece=..                      -&gt; 200, the piece (BEP 17)
 * </pre>
 *
 * <p>The requests of one piece run one after the other, each straight into its place in the piece. Redirects are
 * followed (a loop ends in an error). Nothing beyond the bytes asked for is accepted: a longer Content-Length, or
 * a body that grows past it, resets the request; a shorter one fails. Any other status is an error naming it. A
 * connection silent for the timeout is reset.
 */
final class WebSeedClient implements AutoCloseable {

    private static final String USER_AGENT = "BitQuark/0.1.0";

    private final Vertx vertx;
    private final HttpClient http;
    private final long timeoutMillis;

    /**
     * @param connections the most connections to one server at once
     * @param timeout     how long a connection may take to open, or stay silent
     */
    WebSeedClient(Vertx vertx, Duration timeout, int connections) {
        this.vertx = vertx;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.http = vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                        .setMaxRedirects(WebSeedRedirects.MAX_REDIRECTS))
                .with(new PoolOptions().setHttp1MaxSize(Math.max(1, connections)))
                .withRedirectHandler(this::redirect)
                .build();
    }

    /**
     * Runs {@code requests} in order, each into {@code piece}; completes once every byte asked for arrived. Each
     * chunk received is charged to {@code throttle}; while it is spent, the response is paused (TCP slows the server
     * down) and resumed once it holds tokens again.
     */
    Future<Void> fetch(List<WebSeedRequests.Request> requests, byte[] piece, Throttle throttle) {
        Future<Void> chain = Future.succeededFuture();
        for (WebSeedRequests.Request request : requests) {
            chain = chain.compose(v -> fetch(request, piece, throttle));
        }
        return chain;
    }

    private Future<Void> fetch(WebSeedRequests.Request request, byte[] piece, Throttle throttle) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(request.url())
                .setFollowRedirects(true)
                .setIdleTimeout(timeoutMillis)
                .putHeader(HttpHeaders.USER_AGENT, USER_AGENT);
        if (request.ranged()) {
            options.putHeader("Range", "bytes=" + request.first() + "-" + (request.first() + request.length() - 1));
        }
        return http.request(options)
                .compose(r -> r.send())
                .compose(response -> body(request, response, piece, throttle))
                .recover(failure -> Future.failedFuture(
                        failure instanceof WebSeedException
                                ? failure
                                : new WebSeedException(WebSeedException.describe(failure))));
    }

    private Future<Void> body(
            WebSeedRequests.Request request, HttpClientResponse response, byte[] piece, Throttle throttle) {
        String refused = refusal(request, response);
        if (refused != null) {
            response.exceptionHandler(reset -> {});
            response.request().reset();
            return Future.failedFuture(new WebSeedException(refused));
        }
        Promise<Void> done = Promise.promise();
        int[] received = {0};
        response.handler(chunk -> {
            if (received[0] + chunk.length() > request.length()) {
                done.tryFail(new WebSeedException("sent more than the " + request.length() + " bytes asked for"));
                response.request().reset();
                return;
            }
            chunk.getBytes(0, chunk.length(), piece, request.into() + received[0]);
            received[0] += chunk.length();
            long now = System.nanoTime();
            throttle.take(chunk.length(), now);
            long wait = throttle.delayNanos(now);
            if (wait > 0) {
                response.pause();
                vertx.setTimer(Math.max(1, wait / 1_000_000L), id -> response.resume());
            }
        });
        response.exceptionHandler(done::tryFail);
        response.endHandler(end -> {
            if (received[0] == request.length()) {
                done.tryComplete();
            } else {
                done.tryFail(new WebSeedException(
                        "sent " + received[0] + " of the " + request.length() + " bytes asked for"));
            }
        });
        return done.future();
    }

    /**
     * The request a redirect leads to, with the same headers (its Range), when {@link WebSeedRedirects} allows it;
     * null (the 3xx answer stands, and is an error) for an answer that is no redirect.
     */
    private Future<RequestOptions> redirect(HttpClientResponse response) {
        int status = response.statusCode();
        String location = response.getHeader(HttpHeaders.LOCATION);
        if (location == null || (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)) {
            return null;
        }
        URI from;
        URI to;
        try {
            from = URI.create(response.request().absoluteURI());
            to = from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new WebSeedException("redirected to a malformed URL"));
        }
        String refused = WebSeedRedirects.refusal(from, to);
        if (refused != null) {
            return Future.failedFuture(new WebSeedException(refused));
        }
        return Future.succeededFuture(new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(to.toString())
                .setHeaders(response.request().headers())
                .setIdleTimeout(timeoutMillis));
    }

    /** Why the response cannot be the bytes asked for, before its body is read; null when it may be. */
    private static String refusal(WebSeedRequests.Request request, HttpClientResponse response) {
        int status = response.statusCode();
        boolean partial = request.ranged() && status == 206;
        boolean whole = status == 200 && (!request.ranged() || request.whole() && request.first() == 0);
        if (!partial && !whole) {
            return request.ranged() && status == 200
                    ? "HTTP 200: the server ignored the Range header"
                    : "HTTP " + status;
        }
        if (partial) {
            String range = response.getHeader("Content-Range");
            String expected = "bytes " + request.first() + "-" + (request.first() + request.length() - 1) + "/";
            if (range == null || !range.trim().startsWith(expected)) {
                return "HTTP 206 with Content-Range " + range + ", asked for " + expected + "*";
            }
        }
        String declared = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && !declared.trim().equals(Integer.toString(request.length()))) {
            return "Content-Length " + declared.trim() + ", asked for " + request.length() + " bytes";
        }
        return null;
    }

    @Override
    public void close() {
        http.close();
    }
}
