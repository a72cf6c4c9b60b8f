package io.bitquark.seeder.announce;

import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.TrackerResponseException;
import io.bitquark.protocol.tracker.TrackerResponseParser;
import io.bitquark.protocol.tracker.TrackerUrls;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Announces to HTTP(S) trackers (BEP 3) with the Vert.x HTTP client, never blocking:
 *
 * <pre>
 * GET &lt;announce URL&gt;?info_hash=..&amp;peer_id=..&amp;port=..&amp;uploaded=..&amp;downloaded=..&amp;left=..
 *     [&amp;event=..]&amp;compact=1&amp;numwant=..&amp;key=..[&amp;trackerid=..][&amp;ip=..]     (built by {@link TrackerUrls})
 * 200 d8:intervali1800e5:peers..e | d14:failure reason..e                 (read by {@link TrackerResponseParser})
 * </pre>
 *
 * <p>Redirects are followed. The whole exchange is bounded by the timeout, after which the request is
 * reset. A body over {@link #MAX_RESPONSE_BYTES} is refused. A bencoded {@code failure reason} is a result
 * whatever the status code (some trackers send it with 4xx); any other non-tracker answer is an
 * {@link AnnounceException}.
 */
final class HttpTrackerClient implements AutoCloseable {

    /** The largest response read; a tracker's answer to a seed is a few KiB. */
    static final int MAX_RESPONSE_BYTES = 1 << 20;

    private static final String USER_AGENT = "BitQuark/0.1.0";
    private static final int MAX_CONNECTIONS_PER_TRACKER = 16;

    private final HttpClient http;
    private final Duration timeout;

    HttpTrackerClient(Vertx vertx, Duration timeout) {
        this.timeout = timeout;
        this.http = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_TRACKER));
    }

    Uni<AnnounceResult> announce(String announceUrl, AnnounceParams params, AnnounceEvent event) {
        String url = TrackerUrls.announce(announceUrl, params.httpRequest(event));
        return Uni.createFrom()
                .<Reply>emitter(emitter -> get(url, emitter))
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new AnnounceException("no answer within " + timeout))
                .onItem()
                .transformToUni(HttpTrackerClient::parse);
    }

    private void get(String url, UniEmitter<? super Reply> emitter) {
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        emitter.onTermination(() -> {
            HttpClientRequest request = sent.get();
            if (done.compareAndSet(false, true) && request != null) {
                request.reset(); // cancelled (timed out) before the answer was read
            }
        });
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url)
                .setFollowRedirects(true)
                .putHeader(HttpHeaders.USER_AGENT, USER_AGENT);
        http.request(options)
                .compose(request -> {
                    sent.set(request);
                    return request.send();
                })
                .compose(response -> body(response).map(body -> new Reply(response.statusCode(), body)))
                .onComplete(answer -> {
                    if (!done.compareAndSet(false, true)) {
                        return;
                    }
                    if (answer.succeeded()) {
                        emitter.complete(answer.result());
                    } else {
                        emitter.fail(
                                answer.cause() instanceof AnnounceException e
                                        ? e
                                        : new AnnounceException(
                                                AnnounceException.describe(answer.cause()), answer.cause()));
                    }
                });
    }

    private static Future<Buffer> body(HttpClientResponse response) {
        if (declaredLength(response) > MAX_RESPONSE_BYTES) {
            response.exceptionHandler(reset -> {});
            response.request().reset();
            return Future.failedFuture(new AnnounceException("response longer than " + MAX_RESPONSE_BYTES + " bytes"));
        }
        Promise<Buffer> body = Promise.promise();
        Buffer collected = Buffer.buffer();
        response.handler(chunk -> {
            if (collected.length() + chunk.length() > MAX_RESPONSE_BYTES) {
                body.tryFail(new AnnounceException("response longer than " + MAX_RESPONSE_BYTES + " bytes"));
                response.request().reset();
            } else {
                collected.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(body::tryFail);
        response.endHandler(end -> body.tryComplete(collected));
        return body.future();
    }

    /** The Content-Length, or 0 when absent or unreadable (the body is then bounded while it is read). */
    private static long declaredLength(HttpClientResponse response) {
        try {
            String declared = response.getHeader(HttpHeaders.CONTENT_LENGTH);
            return declared == null ? 0 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Uni<AnnounceResult> parse(Reply reply) {
        try {
            return Uni.createFrom()
                    .item(TrackerResponseParser.parseAnnounce(reply.body().getBytes()));
        } catch (TrackerResponseException e) {
            return Uni.createFrom()
                    .failure(
                            reply.status() == 200
                                    ? new AnnounceException("not a tracker response: " + e.getMessage(), e)
                                    : new AnnounceException("HTTP " + reply.status(), e));
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private record Reply(int status, Buffer body) {}
}
