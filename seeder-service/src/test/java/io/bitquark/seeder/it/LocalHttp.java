package io.bitquark.seeder.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bitquark.testsupport.ServiceJarProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP calls to a service process on loopback. A call that gets no answer within {@link #ANSWER_BOUND} fails
 * with the end of the process's log, so that a failure says what the service was doing.
 */
final class LocalHttp {

    static final Duration ANSWER_BOUND = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final ServiceJarProcess process;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ANSWER_BOUND)
            .build();

    LocalHttp(int port, ServiceJarProcess process) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.process = process;
    }

    String baseUrl() {
        return baseUrl;
    }

    HttpRequest.Builder request(String pathAndQuery) {
        String url = pathAndQuery.startsWith("http") ? pathAndQuery : baseUrl + pathAndQuery;
        return HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_BOUND);
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "no answer to " + request.method() + " " + request.uri() + ":\n" + process.logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build());
    }

    /** GET a path as text; fails unless the answer is 200. */
    String text(String pathAndQuery) {
        return body(get(pathAndQuery), 200);
    }

    /** GET a path as JSON; fails unless the answer is 200. */
    JsonNode json(String pathAndQuery) {
        return parse(text(pathAndQuery));
    }

    /** The body of {@code response} as text, after checking its status. */
    String body(HttpResponse<byte[]> response, int expectedStatus) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError(
                    response.request().method() + " " + response.request().uri() + " answered " + response.statusCode()
                            + " instead of " + expectedStatus + ": " + body);
        }
        return body;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
