package io.bitquark.tracker;

import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.protocol.tracker.TrackerResponseParser;
import io.bitquark.protocol.tracker.TrackerUrls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain HTTP client for the tracker in tests: raw query strings in, bencoded answers out. */
public final class TrackerClient {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public TrackerClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Every byte percent-encoded, as clients send binary info-hashes. */
    public static String pct(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append('%').append(String.format("%02X", b & 0xff));
        }
        return sb.toString();
    }

    public static byte[] bytes20(String prefix, int n) {
        byte[] b = String.format("%-16s%04d", prefix, n % 10000).getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(b, 20);
    }

    public static AnnounceRequest.Builder request(byte[] infoHash, int peer, long left) {
        return AnnounceRequest.builder(infoHash, bytes20("-BQ0100-", peer), 10000 + peer)
                .uploaded(0)
                .downloaded(0)
                .left(left);
    }

    public AnnounceResult announce(AnnounceRequest request) {
        return parse(get(TrackerUrls.announce(base + "/announce", request)));
    }

    public AnnounceResponse announceOk(AnnounceRequest request) {
        AnnounceResult r = announce(request);
        if (r instanceof TrackerFailure f) {
            throw new AssertionError("tracker refused: " + f.reason());
        }
        return (AnnounceResponse) r;
    }

    public AnnounceResponse started(byte[] infoHash, int peer, long left) {
        return announceOk(
                request(infoHash, peer, left).event(AnnounceEvent.STARTED).build());
    }

    /** GET {@code path} (with its raw query) and return status and body. */
    public HttpResponse<byte[]> get(String pathOrUrl) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static AnnounceResult parse(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError(
                    "HTTP " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        try {
            return TrackerResponseParser.parseAnnounce(response.body());
        } catch (io.bitquark.protocol.tracker.TrackerResponseException e) {
            throw new AssertionError(
                    "not a tracker response: " + new String(response.body(), StandardCharsets.ISO_8859_1), e);
        }
    }
}
