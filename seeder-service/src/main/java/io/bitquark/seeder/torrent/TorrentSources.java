package io.bitquark.seeder.torrent;

import io.bitquark.protocol.magnet.MagnetException;
import io.bitquark.protocol.magnet.MagnetLink;
import io.bitquark.protocol.metainfo.InfoHash;
import io.bitquark.seeder.config.AnnounceConfig;
import io.bitquark.seeder.config.SeederConfig;
import io.bitquark.seeder.torrent.TorrentException.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Fetches the .torrent a JSON add request names: from its {@code metainfoUrl} (btdownloadheadless's
 * {@code --url}), or, for an {@code infoHash} or a magnet link, from metainfo-service
 * ({@code bitquark.seeder.metainfo-url}) at {@code GET /torrents/{infoHash}.torrent}; a magnet link that
 * metainfo-service does not know (or with none set) is left to be fetched from peers. Bodies are bounded by
 * {@code bitquark.seeder.max-torrent-size}. Called on a worker thread.
 */
@ApplicationScoped
public class TorrentSources {

    private final HttpClient http;
    private final SeederConfig config;
    private final Duration timeout;

    public TorrentSources(SeederConfig config, AnnounceConfig announce) {
        this.config = config;
        this.timeout = announce.timeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * What a JSON add request names: the .torrent's bytes, and for a magnet link the link itself (its {@code x.pe}
     * peers and trackers). {@code torrent} is null when the metadata must come from peers.
     */
    public record Resolved(byte[] torrent, MagnetLink magnet) {}

    /**
     * The .torrent named by exactly one of the three references. A magnet link is looked up at metainfo-service
     * when {@code bitquark.seeder.metainfo-url} is set; when it is not, or metainfo-service answers 404, its
     * metadata is to be fetched from peers (BEP 9), and the result carries no .torrent.
     */
    public Resolved resolve(String infoHash, String metainfoUrl, String magnet) {
        int given = (infoHash == null ? 0 : 1) + (metainfoUrl == null ? 0 : 1) + (magnet == null ? 0 : 1);
        if (given != 1) {
            throw new TorrentException(Kind.INVALID_REQUEST, "give exactly one of infoHash, metainfoUrl and magnet");
        }
        if (metainfoUrl != null) {
            return new Resolved(get(checkedUrl(metainfoUrl, "metainfoUrl"), false), null);
        }
        if (magnet != null) {
            MagnetLink link = magnetLink(magnet);
            String hex = HexFormat.of()
                    .formatHex(link.infoHashV1().or(link::infoHashV2).orElseThrow());
            byte[] torrent = config.metainfoUrl()
                    .map(base -> get(metainfoServiceUrl(base, hex), true))
                    .orElse(null);
            return new Resolved(torrent, link);
        }
        String hex = checkedInfoHash(infoHash);
        String base = config.metainfoUrl()
                .orElseThrow(
                        () -> new TorrentException(
                                Kind.NO_METADATA_SOURCE,
                                "torrent " + hex
                                        + " is named only by its info-hash; set bitquark.seeder.metainfo-url to fetch it from "
                                        + "metainfo-service, or give metainfoUrl, a magnet link with peers, or the .torrent itself"));
        return new Resolved(get(metainfoServiceUrl(base, hex), false), null);
    }

    private static URI metainfoServiceUrl(String base, String hex) {
        return checkedUrl(base.replaceAll("/+$", "") + "/torrents/" + hex + ".torrent", "metainfo-url");
    }

    private static String checkedInfoHash(String infoHash) {
        String hex = infoHash.toLowerCase(Locale.ROOT);
        try {
            InfoHash.fromHex(hex);
        } catch (RuntimeException e) {
            throw new TorrentException(Kind.INVALID_REQUEST, "infoHash must be 40 (v1) or 64 (v2) hex characters");
        }
        return hex;
    }

    private static MagnetLink magnetLink(String magnet) {
        try {
            MagnetLink link = MagnetLink.parse(magnet);
            if (link.infoHashV1().isEmpty() && link.infoHashV2().isEmpty()) {
                throw new IllegalArgumentException("it names no info-hash");
            }
            return link;
        } catch (MagnetException | RuntimeException e) {
            throw new TorrentException(
                    Kind.INVALID_REQUEST, "magnet is not a usable magnet link: " + e.getMessage(), e);
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
            throw new TorrentException(
                    Kind.INVALID_REQUEST, field + " '" + url + "' is not an absolute http(s) URL", e);
        }
    }

    /**
     * GETs {@code uri} on the calling worker thread, reading at most {@code max-torrent-size} bytes. The JDK
     * client reads the body as a stream on this thread, so nothing can arrive before it is looked at (a Vert.x
     * response may end before handlers set from another context see it). A 404 is null when {@code
     * missingIsNull}.
     */
    private byte[] get(URI uri, boolean missingIsNull) {
        int max = config.maxTorrentSize();
        TorrentException tooLarge = new TorrentException(
                Kind.METADATA_NOT_FETCHED,
                uri + " sent more than " + max + " bytes (bitquark.seeder.max-torrent-size)");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/x-bittorrent")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 404 && missingIsNull) {
                    return null;
                }
                if (response.statusCode() != 200) {
                    throw new TorrentException(
                            Kind.METADATA_NOT_FETCHED, uri + " answered HTTP " + response.statusCode());
                }
                OptionalLong declared = response.headers().firstValueAsLong("Content-Length");
                if (declared.isPresent() && declared.getAsLong() > max) {
                    throw tooLarge;
                }
                byte[] bytes = body.readNBytes(max + 1);
                if (bytes.length > max) {
                    throw tooLarge;
                }
                return bytes;
            }
        } catch (HttpTimeoutException e) {
            throw new TorrentException(Kind.METADATA_NOT_FETCHED, "fetching " + uri + " timed out", e);
        } catch (IOException e) {
            throw new TorrentException(Kind.METADATA_NOT_FETCHED, "fetching " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TorrentException(Kind.SHUTTING_DOWN, "interrupted while fetching " + uri, e);
        }
    }
}
