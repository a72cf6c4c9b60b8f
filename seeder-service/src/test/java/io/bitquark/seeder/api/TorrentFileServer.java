package io.bitquark.seeder.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bitquark.protocol.storage.PathConfinement;
import io.bitquark.protocol.storage.UnsafePathException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a free loopback port that serves the files of one directory, as metainfo-service
 * serves {@code /torrents/{infoHash}.torrent} and as any web server serves a {@code metainfoUrl}: 200 with
 * the bytes, 404 for anything else. Files under {@code chunked/} are sent with chunked transfer encoding,
 * without a {@code Content-Length}.
 */
final class TorrentFileServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final PathConfinement dir;

    private TorrentFileServer(HttpServer server, ExecutorService executor, Path dir) {
        this.server = server;
        this.executor = executor;
        this.dir = PathConfinement.under(dir);
    }

    static TorrentFileServer start(Path dir) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "torrent-file-server");
            t.setDaemon(true);
            return t;
        });
        TorrentFileServer files = new TorrentFileServer(server, executor, dir);
        server.createContext("/", files::handle);
        server.setExecutor(executor);
        server.start();
        return files;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Path file = served(exchange.getRequestURI().getPath().substring(1));
            if (!exchange.getRequestMethod().equals("GET") || file == null || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", "application/x-bittorrent");
            boolean chunked = exchange.getRequestURI().getPath().startsWith("/chunked/");
            exchange.sendResponseHeaders(200, chunked ? 0 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Path served(String relative) {
        try {
            return dir.resolve(relative);
        } catch (UnsafePathException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
