package io.bitquark.protocol.tracker;

import java.util.Optional;

/**
 * Builds HTTP tracker URLs on the client side (BEP 3, BEP 48).
 *
 * <pre>
 * announce  &lt;base&gt;?info_hash=%124Vx%9A...&amp;peer_id=-BQ0100-...&amp;port=6881&amp;uploaded=0&amp;downloaded=0
 *                &amp;left=0[&amp;event=..][&amp;compact=1][&amp;no_peer_id=1][&amp;numwant=..][&amp;key=..][&amp;trackerid=..]
 *                [&amp;ip=..][&amp;ipv4=..][&amp;ipv6=..]
 * scrape    http://t.example/x/announce.php?pk=1 -&gt; http://t.example/x/scrape.php?pk=1
 * </pre>
 *
 * <p>A base URL that already has a query (a passkey) is extended with {@code &amp;}; a fragment is dropped,
 * since it is never sent to the server. Binary values are percent-encoded byte by byte: unreserved
 * characters (RFC 3986) stay as they are, every other byte becomes upper-case {@code %XX}.
 */
public final class TrackerUrls {

    private TrackerUrls() {}

    /** The full announce URL for {@code request} against the tracker's {@code announceUrl}. */
    public static String announce(String announceUrl, AnnounceRequest request) {
        StringBuilder q = new StringBuilder(256);
        q.append("info_hash=")
                .append(QueryString.encode(request.infoHash()))
                .append("&peer_id=")
                .append(QueryString.encode(request.peerId()))
                .append("&port=")
                .append(request.port())
                .append("&uploaded=")
                .append(request.uploaded())
                .append("&downloaded=")
                .append(request.downloaded())
                .append("&left=")
                .append(request.left());
        if (request.event() != AnnounceEvent.NONE) {
            q.append("&event=").append(request.event().httpValue());
        }
        request.compact().ifPresent(c -> q.append("&compact=").append(c ? 1 : 0));
        if (request.noPeerId()) {
            q.append("&no_peer_id=1");
        }
        request.numWant().ifPresent(n -> q.append("&numwant=").append(n));
        request.key().ifPresent(v -> q.append("&key=").append(QueryString.encodeText(v)));
        request.trackerId().ifPresent(v -> q.append("&trackerid=").append(QueryString.encodeText(v)));
        request.ip().ifPresent(v -> q.append("&ip=").append(QueryString.encodeText(v)));
        request.ipv4().ifPresent(v -> q.append("&ipv4=").append(QueryString.encodeText(v)));
        request.ipv6().ifPresent(v -> q.append("&ipv6=").append(QueryString.encodeText(v)));
        return withQuery(announceUrl, q);
    }

    /**
     * The scrape URL of an announce URL by the BEP 48 convention: the text after the last {@code /} of the
     * URL must begin with {@code announce}, which is replaced by {@code scrape}. Otherwise the tracker
     * does not support scrape and the result is empty.
     */
    public static Optional<String> scrapeUrl(String announceUrl) {
        int slash = announceUrl.lastIndexOf('/');
        if (slash < 0 || !announceUrl.startsWith("announce", slash + 1)) {
            return Optional.empty();
        }
        return Optional.of(announceUrl.substring(0, slash + 1) + "scrape"
                + announceUrl.substring(slash + 1 + "announce".length()));
    }

    /** The scrape URL asking about {@code request}'s info-hashes, one {@code info_hash} parameter each. */
    public static String scrape(String scrapeUrl, ScrapeRequest request) {
        StringBuilder q = new StringBuilder();
        for (byte[] infoHash : request.infoHashes()) {
            if (q.length() > 0) {
                q.append('&');
            }
            q.append("info_hash=").append(QueryString.encode(infoHash));
        }
        return withQuery(scrapeUrl, q);
    }

    /** {@code url} with {@code query} added: after {@code ?}, or after {@code &} when it has a query; no fragment. */
    static String withQuery(String url, CharSequence query) {
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        if (query.length() == 0) {
            return base;
        }
        if (base.indexOf('?') < 0) {
            return base + "?" + query;
        }
        return base.endsWith("?") || base.endsWith("&") ? base + query : base + "&" + query;
    }
}
