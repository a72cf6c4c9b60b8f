package io.bitquark.protocol.tracker;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.TorrentFile;
import java.nio.charset.StandardCharsets;

/**
 * Builds the URLs a downloader fetches from web seeds.
 *
 * <pre>
 * BEP 19 url-list (GetRight style), one Range request per file span of a piece:
 *   single-file   &lt;url&gt;                          the url as given
 *                 &lt;url/&gt;name                     a url ending in '/' gets the torrent's name
 *   multi-file    &lt;url&gt;/name/dir/file            the url ('/' added when missing), name, then the path
 *   GET ... Range: bytes=&lt;first&gt;-&lt;last&gt;   -&gt; 206 Partial Content
 *
 * BEP 17 httpseeds (Hoffman style), one request per piece:
 *   &lt;url&gt;?info_hash=%12%34..&amp;piece=&lt;index&gt;[&amp;ranges=&lt;first&gt;-&lt;last&gt;,...]   -&gt; 200, the bytes
 * </pre>
 *
 * <p>Names and path components are percent-encoded byte by byte from UTF-8: unreserved characters (RFC 3986) stay
 * as they are, every other byte (a space, {@code /} inside a component, non-ASCII) becomes {@code %XX}. BEP 17
 * {@code ranges} are inclusive and relative to the piece; a whole piece is asked for without them, as libtorrent
 * does.
 */
public final class WebSeedUrls {

    private WebSeedUrls() {}

    /** The URL of {@code file} of {@code torrent} at the BEP 19 web seed {@code url}. */
    public static String file(String url, Metainfo torrent, TorrentFile file) {
        if (!torrent.isMultiFile()) {
            return url.endsWith("/") ? url + component(torrent.name()) : url;
        }
        StringBuilder sb = new StringBuilder(url);
        if (!url.endsWith("/")) {
            sb.append('/');
        }
        sb.append(component(torrent.name()));
        for (String part : file.path()) {
            sb.append('/').append(component(part));
        }
        return sb.toString();
    }

    /** The URL asking the BEP 17 HTTP seed {@code url} for the whole piece {@code piece} of {@code infoHash}. */
    public static String piece(String url, byte[] infoHash, int piece) {
        return TrackerUrls.withQuery(url, "info_hash=" + QueryString.encode(infoHash) + "&piece=" + piece);
    }

    private static String component(String text) {
        return QueryString.encode(text.getBytes(StandardCharsets.UTF_8));
    }
}
