package io.bitquark.seeder.interop;

import io.bitquark.protocol.metainfo.Metainfo;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A real HTTP server on a free loopback port that a torrent names as its web seed: a directory served by Vert.x's
 * {@link StaticHandler} (which answers {@code Range} requests with {@code 206}: a BEP 19 web seed), a BEP 17 HTTP
 * seed of a single-file torrent, or nothing at all ({@code 404} for every path). It records each request it
 * received ({@code path Range}, or {@code path?query}) and can hold every request until {@link #release}.
 */
final class WebSeedServer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Held> held = new ArrayList<>();
    private final HttpServer server;
    private boolean holding;

    private record Held(RoutingContext request, Context context) {}

    private WebSeedServer(boolean holding, Consumer<Router> routes) {
        this.holding = holding;
        Router router = Router.router(vertx);
        router.route().handler(this::record);
        routes.accept(router);
        this.server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .join();
    }

    /** A BEP 19 web seed: the files under {@code dir}, with range support. */
    static WebSeedServer serving(Path dir) {
        return new WebSeedServer(false, staticFiles(dir));
    }

    /** A BEP 19 web seed of the files under {@code dir} that holds every request until {@link #release}. */
    static WebSeedServer servingOnceReleased(Path dir) {
        return new WebSeedServer(true, staticFiles(dir));
    }

    private static Consumer<Router> staticFiles(Path dir) {
        return router -> router.route()
                .handler(StaticHandler.create(
                                FileSystemAccess.ROOT, dir.toAbsolutePath().toString())
                        .setCachingEnabled(false)
                        .setFilesReadOnly(false));
    }

    /** A server that answers every request with {@code answer}. */
    static WebSeedServer answering(Handler<RoutingContext> answer) {
        return new WebSeedServer(false, router -> router.route().handler(answer));
    }

    /** A server with no files: 404 for every request. */
    static WebSeedServer notFound() {
        return new WebSeedServer(false, router -> {});
    }

    /**
     * A BEP 17 HTTP seed at {@code /seed} of the single-file {@code torrent} whose content is {@code file}:
     * {@code ?info_hash=<20 bytes>&piece=<index>[&ranges=<first>-<last>,...]} answers 200 with the piece (or its
     * inclusive ranges, in order); another info-hash or piece is a 404.
     */
    static WebSeedServer httpSeed(Metainfo torrent, Path file) {
        byte[] infoHash = torrent.infoHashV1().orElseThrow().bytes();
        return new WebSeedServer(false, router -> router.get("/seed").blockingHandler(ctx -> {
            String query = ctx.request().query();
            byte[] asked = rawParam(query, "info_hash").getBytes(StandardCharsets.ISO_8859_1);
            int piece = Integer.parseInt(rawParam(query, "piece"));
            if (!Arrays.equals(asked, infoHash) || piece < 0 || piece >= torrent.pieceCount()) {
                ctx.response().setStatusCode(404).end("no such piece");
                return;
            }
            long start = piece * torrent.pieceLength();
            int size = (int) Math.min(torrent.pieceLength(), torrent.totalSize() - start);
            String ranges = rawParam(query, "ranges");
            Buffer body = Buffer.buffer();
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                for (String range : ranges.isEmpty() ? List.of("0-" + (size - 1)) : List.of(ranges.split(","))) {
                    String[] ends = range.split("-");
                    long first = Long.parseLong(ends[0]);
                    byte[] bytes = new byte[(int) (Long.parseLong(ends[1]) - first + 1)];
                    in.seek(start + first);
                    in.readFully(bytes);
                    body.appendBytes(bytes);
                }
            } catch (IOException e) {
                ctx.fail(e);
                return;
            }
            ctx.response().setStatusCode(200).end(body);
        }));
    }

    /** The percent-decoded bytes of a query parameter, as ISO-8859-1 text; empty when absent. */
    private static String rawParam(String query, String name) {
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.ISO_8859_1);
            }
        }
        return "";
    }

    /** The URL of the server's root (a BEP 19 url-list entry ending in '/'). */
    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/";
    }

    /** Each request received, in order: its path, its query after '?', its Range header after a space. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void record(RoutingContext ctx) {
        String range = ctx.request().getHeader("Range");
        String query = ctx.request().query();
        requests.add(ctx.request().path() + (query == null ? "" : "?" + query) + (range == null ? "" : " " + range));
        synchronized (this) {
            if (holding) {
                held.add(new Held(ctx, Vertx.currentContext()));
                return;
            }
        }
        ctx.next();
    }

    /** Answers the requests held so far, and every one after. */
    void release() {
        List<Held> waiting;
        synchronized (this) {
            holding = false;
            waiting = new ArrayList<>(held);
            held.clear();
        }
        waiting.forEach(h -> h.context().runOnContext(v -> h.request().next()));
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
