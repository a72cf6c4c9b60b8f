package io.bitquark.seeder.torrent;

import io.bitquark.protocol.magnet.MagnetException;
import io.bitquark.protocol.magnet.MagnetLink;
import io.bitquark.protocol.metainfo.InfoHash;
import io.bitquark.seeder.api.ApiProblem;
import io.bitquark.seeder.config.AnnounceConfig;
import io.bitquark.seeder.config.SeederConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches the .torrent a JSON add request names: from its {@code metainfoUrl} (btdownloadheadless's
 * {@code --url}), or, for an {@code infoHash} or a magnet link, from metainfo-service
 * ({@code bitquark.seeder.metainfo-url}) at {@code GET /torrents/{infoHash}.torrent}. Bodies are bounded by
 * {@code bitquark.seeder.max-torrent-size}. Called on a worker thread.
 */
@ApplicationScoped
public class TorrentSources {

    private final HttpClient http;
    private final SeederConfig config;
    private final long timeoutMillis;

    public TorrentSources(Vertx vertx, SeederConfig config, AnnounceConfig announce) {
        this.config = config;
        this.timeoutMillis = announce.timeout().toMillis();
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeoutMillis));
    }

    /** The .torrent named by exactly one of the three references. */
    public byte[] fetch(String infoHash, String metainfoUrl, String magnet) {
        int given = (infoHash == null ? 0 : 1) + (metainfoUrl == null ? 0 : 1) + (magnet == null ? 0 : 1);
        if (given != 1) {
            throw ApiProblem.badRequest("give exactly one of infoHash, metainfoUrl and magnet");
        }
        if (metainfoUrl != null) {
            return get(checkedUrl(metainfoUrl, "metainfoUrl"));
        }
        String hex = infoHash != null ? checkedInfoHash(infoHash) : magnetHash(magnet);
        String base = config.metainfoUrl().orElseThrow(() -> new ApiProblem(422, "No metadata source",
                "torrent " + hex + " is named only by its info-hash; set bitquark.seeder.metainfo-url to fetch it from "
                        + "metainfo-service, or give metainfoUrl or the .torrent itself (fetching metadata from peers comes with downloading)"));
        return get(checkedUrl(base.replaceAll("/+$", "") + "/torrents/" + hex + ".torrent", "metainfo-url"));
    }

    private static String checkedInfoHash(String infoHash) {
        String hex = infoHash.toLowerCase(Locale.ROOT);
        try {
            InfoHash.fromHex(hex);
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("infoHash must be 40 (v1) or 64 (v2) hex characters");
        }
        return hex;
    }

    private static String magnetHash(String magnet) {
        try {
            MagnetLink link = MagnetLink.parse(magnet);
            byte[] hash = link.infoHashV1().or(link::infoHashV2).orElseThrow();
            return HexFormat.of().formatHex(hash);
        } catch (MagnetException | RuntimeException e) {
            throw ApiProblem.badRequest("magnet is not a usable magnet link: " + e.getMessage());
        }
    }

    private static URI checkedUrl(String url, String field) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(field + " '" + url + "' is not an absolute http(s) URL");
        }
    }

    private byte[] get(URI uri) {
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost()).setPort(port)
                .setSsl(tls).setURI(path).setTimeout(timeoutMillis).putHeader("Accept", "application/x-bittorrent");
        int max = config.maxTorrentSize();
        try {
            return http.request(options)
                    .compose(req -> req.send())
                    .compose(resp -> {
                        if (resp.statusCode() != 200) {
                            resp.end();
                            return io.vertx.core.Future.failedFuture(new ApiProblem(422, "Metadata not fetched",
                                    uri + " answered HTTP " + resp.statusCode()));
                        }
                        ApiProblem tooLarge = new ApiProblem(422, "Metadata not fetched", uri + " sent more than " + max
                                + " bytes (bitquark.seeder.max-torrent-size)");
                        String declared = resp.getHeader("Content-Length");
                        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > max) {
                            resp.request().reset();
                            return io.vertx.core.Future.failedFuture(tooLarge);
                        }
                        Buffer body = Buffer.buffer();
                        io.vertx.core.Promise<byte[]> done = io.vertx.core.Promise.promise();
                        resp.handler(chunk -> {
                            if (body.length() + chunk.length() > max) {
                                done.tryFail(tooLarge); // first, so that the reset's own failure does not replace it
                                resp.request().reset();
                            } else {
                                body.appendBuffer(chunk);
                            }
                        });
                        resp.exceptionHandler(done::tryFail);
                        resp.endHandler(v -> done.tryComplete(body.getBytes()));
                        return done.future();
                    })
                    .toCompletionStage().toCompletableFuture().get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiProblem problem) {
                throw problem;
            }
            throw new ApiProblem(422, "Metadata not fetched", "fetching " + uri + " failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ApiProblem(422, "Metadata not fetched", "fetching " + uri + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblem(503, "Shutting down", "interrupted while fetching " + uri);
        }
    }
}
