package io.bitquark.seeder.announce;

import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceQueryParser;
import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.PeerListFormat;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.protocol.tracker.TrackerRequestException;
import io.bitquark.protocol.tracker.TrackerResponseEncoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An HTTP tracker for tests: a real Vert.x server on a free loopback port that records every announce it
 * receives (decoded with the tracker's own query parser) and answers as the test tells it.
 */
final class FakeHttpTracker implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;
    private final List<AnnounceRequest> announces = new CopyOnWriteArrayList<>();
    private final List<String> rawQueries = new CopyOnWriteArrayList<>();
    private volatile Consumer<HttpServerRequest> answer;

    private FakeHttpTracker(Vertx vertx) {
        this.vertx = vertx;
        answer(AnnounceResponse.builder(1800).build());
        server = vertx.createHttpServer().requestHandler(this::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    static FakeHttpTracker start(Vertx vertx) {
        return new FakeHttpTracker(vertx);
    }

    String announceUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/announce";
    }

    /** Answers every announce with {@code response}, peers in compact form. */
    void answer(AnnounceResponse response) {
        byte[] body = TrackerResponseEncoder.encode(response, PeerListFormat.COMPACT);
        answer = request -> request.response().end(Buffer.buffer(body));
    }

    /** Answers every announce with a bencoded {@code failure reason}. */
    void refuse(TrackerFailure failure) {
        byte[] body = TrackerResponseEncoder.encode(failure);
        answer = request -> request.response().end(Buffer.buffer(body));
    }

    /** Answers with this status and body, whatever they are. */
    void respond(int status, String body) {
        answer = request -> request.response().setStatusCode(status).end(body);
    }

    /** Answers after a delay; the connection stays open and silent until then. */
    void answerAfter(Duration delay, AnnounceResponse response) {
        byte[] body = TrackerResponseEncoder.encode(response, PeerListFormat.COMPACT);
        answer = request ->
                vertx.setTimer(delay.toMillis(), t -> request.response().end(Buffer.buffer(body)));
    }

    /** Never answers: requests hang until the client gives up. */
    void stayQuiet() {
        answer = request -> {};
    }

    /** Redirects every announce to {@code location}, keeping the query. */
    void redirectTo(String location) {
        answer = request -> request.response()
                .setStatusCode(302)
                .putHeader("Location", location + "?" + request.query())
                .end();
    }

    List<AnnounceRequest> announces() {
        return List.copyOf(announces);
    }

    List<AnnounceEvent> events() {
        return announces.stream().map(AnnounceRequest::event).toList();
    }

    List<String> rawQueries() {
        return List.copyOf(rawQueries);
    }

    private void handle(HttpServerRequest request) {
        String query = request.query() == null ? "" : request.query();
        rawQueries.add(query);
        try {
            announces.add(AnnounceQueryParser.withDefaults().parse(query));
        } catch (TrackerRequestException e) {
            request.response().end(Buffer.buffer(TrackerResponseEncoder.encode(TrackerFailure.of(e))));
            return;
        }
        answer.accept(request);
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
