package io.bitquark.metainfo.interop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on a free loopback port standing in for tracker-service's allowlist API and
 * seeder-service's torrent API; it records every request it receives. The application under test is
 * configured to reach both at its address, with {@value #TRACKER_TOKEN} as the tracker's admin token and
 * {@value #ADMIN_TOKEN} as its own and {@value #SEEDER_TOKEN} as the seeder's.
 *
 * <p>Answers: {@code PUT} and {@code DELETE /api/allowlist/{infohash}} get 204; {@code POST /api/torrents}
 * gets 201 with {@code {"state":"checking"}}, as seeder-service answers a torrent it starts checking.
 */
public class RecordingPeerServer implements QuarkusTestResourceLifecycleManager {

    static final String TRACKER_TOKEN = "tracker-secret";
    static final String ADMIN_TOKEN = "admin-secret";
    static final String SEEDER_TOKEN = "seeder-secret";

    /** One request as received; {@code query} is decoded, {@code authorization} is null when absent. */
    record Request(
            String method,
            String path,
            Map<String, String> query,
            String authorization,
            String contentType,
            byte[] body) {}

    private static final List<Request> REQUESTS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** Forgets what was received so far, so that each test sees only its own requests. */
    static void forget() {
        REQUESTS.clear();
    }

    static List<Request> requests() {
        return List.copyOf(REQUESTS);
    }

    static List<Request> requestsTo(String method, String pathPrefix) {
        return REQUESTS.stream()
                .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix))
                .toList();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "bitquark.metainfo.tracker-admin-url", url,
                "bitquark.metainfo.tracker-admin-token", TRACKER_TOKEN,
                "bitquark.metainfo.seeder-url", url,
                "bitquark.metainfo.seeder-token", SEEDER_TOKEN,
                "bitquark.metainfo.pool-url", url,
                "bitquark.metainfo.admin-token", ADMIN_TOKEN);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            REQUESTS.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    query(exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    body));
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST") && path.equals("/api/torrents")) {
                byte[] answer = "{\"state\":\"checking\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(201, answer.length);
                exchange.getResponseBody().write(answer);
            } else if (exchange.getRequestMethod().equals("POST") && path.equals("/pool/torrents")) {
                exchange.sendResponseHeaders(202, -1);
            } else if (path.startsWith("/api/allowlist/")) {
                exchange.sendResponseHeaders(204, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(
                    URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
