package io.bitquark.protocol.tracker;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BInteger;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.bencode.BencodeDecoder;
import io.bitquark.protocol.bencode.BencodeException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parses HTTP tracker responses on the client side, leniently: bencode as real trackers write it
 * ({@link BencodeDecoder#lenient()}), unknown keys ignored, both peer forms accepted.
 *
 * <pre>
 * failure      d14:failure reason..[8:retry in(i&lt;minutes&gt;e | 5:never)]e   -&gt; {@link TrackerFailure}
 * announce     d8:intervali1800e[12:min interval..][8:complete..][10:incomplete..]
 *               [10:tracker id..][15:warning message..]
 *               5:peers(&lt;6n compact bytes&gt; | l&lt;d2:ip..4:port..[7:peer id..]e&gt;...e)
 *               [6:peers6&lt;18n compact bytes&gt;]e                           -&gt; {@link AnnounceResponse}
 * scrape       d5:filesd&lt;20-byte info-hash&gt;d8:complete..10:downloaded..10:incomplete..[4:name..]e...ee
 * </pre>
 *
 * <p>Leniency: a trailing partial compact entry is ignored; a dictionary peer whose {@code ip} is not a
 * numeric IPv4/IPv6 address (host names are never resolved here) or whose port is out of range is skipped;
 * a {@code peer id} that is not 20 bytes is dropped; negative optional counts are treated as absent and
 * values beyond 32 bits saturate. A response that is not bencode, not a dictionary, or has neither
 * {@code failure reason} nor a non-negative {@code interval} is a {@link TrackerResponseException}.
 */
public final class TrackerResponseParser {

    private TrackerResponseParser() {}

    public static AnnounceResult parseAnnounce(byte[] body) throws TrackerResponseException {
        BDictionary root = root(body);
        Optional<TrackerFailure> failure = failure(root);
        if (failure.isPresent()) {
            return failure.get();
        }
        Long interval = root.getLong("interval");
        if (interval == null) {
            throw new TrackerResponseException("tracker response has neither failure reason nor interval");
        }
        if (interval < 0) {
            throw new TrackerResponseException("tracker response has a negative interval");
        }
        List<Peer> peers = new ArrayList<>();
        BValue v4 = root.get("peers");
        if (v4 instanceof BString compact) {
            peers.addAll(CompactPeers.decode(compact.bytes(), AddressFamily.IPV4));
        } else if (v4 instanceof BList list) {
            for (BValue entry : list.values()) {
                if (entry instanceof BDictionary peer) {
                    dictionaryPeer(peer).ifPresent(peers::add);
                }
            }
        }
        BString v6 = root.getString("peers6");
        if (v6 != null) {
            peers.addAll(CompactPeers.decode(v6.bytes(), AddressFamily.IPV6));
        }
        BString trackerId = root.getString("tracker id");
        return new AnnounceResponse(
                saturate(interval),
                optionalCount(root, "min interval"),
                optionalCount(root, "complete"),
                optionalCount(root, "incomplete"),
                trackerId == null
                        ? Optional.empty()
                        : Optional.of(new String(trackerId.bytes(), StandardCharsets.ISO_8859_1)),
                Optional.ofNullable(root.getText("warning message")),
                peers);
    }

    public static ScrapeResult parseScrape(byte[] body) throws TrackerResponseException {
        BDictionary root = root(body);
        Optional<TrackerFailure> failure = failure(root);
        if (failure.isPresent()) {
            return failure.get();
        }
        BDictionary files = root.getDictionary("files");
        if (files == null) {
            throw new TrackerResponseException("scrape response has neither failure reason nor files");
        }
        List<ScrapeStats> stats = new ArrayList<>();
        for (Map.Entry<BString, BValue> e : files.entries().entrySet()) {
            if (e.getKey().length() == AnnounceRequest.INFO_HASH_LENGTH && e.getValue() instanceof BDictionary d) {
                stats.add(new ScrapeStats(
                        e.getKey().bytes(),
                        count(d, "complete"),
                        count(d, "downloaded"),
                        count(d, "incomplete"),
                        Optional.ofNullable(d.getText("name"))));
            }
        }
        return new ScrapeResponse(stats);
    }

    private static BDictionary root(byte[] body) throws TrackerResponseException {
        BValue root;
        try {
            root = BencodeDecoder.lenient().decode(body).root();
        } catch (BencodeException e) {
            throw new TrackerResponseException("tracker response is not bencode: " + e.getMessage(), e);
        }
        if (!(root instanceof BDictionary d)) {
            throw new TrackerResponseException("tracker response is not a dictionary");
        }
        return d;
    }

    private static Optional<TrackerFailure> failure(BDictionary root) {
        BString reason = root.getString("failure reason");
        if (reason == null) {
            return Optional.empty();
        }
        BValue retry = root.get("retry in");
        if (retry instanceof BInteger minutes && minutes.value() >= 0) {
            return Optional.of(TrackerFailure.retryIn(reason.utf8(), saturate(minutes.value())));
        }
        if (retry instanceof BString never && "never".equals(never.utf8())) {
            return Optional.of(TrackerFailure.neverRetry(reason.utf8()));
        }
        return Optional.of(TrackerFailure.of(reason.utf8()));
    }

    private static Optional<Peer> dictionaryPeer(BDictionary d) {
        String ip = d.getText("ip");
        Long port = d.getLong("port");
        if (ip == null || port == null || port < 0 || port > 0xFFFF) {
            return Optional.empty();
        }
        Optional<byte[]> address = numericAddress(ip);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        Peer peer = Peer.of(address.get(), port.intValue());
        BString peerId = d.getString("peer id");
        return Optional.of(
                peerId != null && peerId.length() == Peer.PEER_ID_LENGTH ? peer.withPeerId(peerId.bytes()) : peer);
    }

    /** The bytes of a numeric IPv4 (dotted quad) or IPv6 literal; a host name is never looked up. */
    static Optional<byte[]> numericAddress(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (t.indexOf(':') < 0) {
            return dottedQuad(t);
        }
        if (Character.digit(t.charAt(0), 16) < 0 && t.charAt(0) != ':') {
            return Optional.empty();
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return Optional.empty();
            }
        }
        try {
            // starts with a hex digit or ':', holds only hex digits, ':' and '.', and has a ':': the JDK
            // parses such text as a literal or throws, it never falls back to a name lookup
            return Optional.of(InetAddress.getByName(t).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> dottedQuad(String t) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            address[i] = (byte) v;
        }
        return Optional.of(address);
    }

    private static OptionalInt optionalCount(BDictionary d, String key) {
        Long v = d.getLong(key);
        return v == null || v < 0 ? OptionalInt.empty() : OptionalInt.of(saturate(v));
    }

    private static long count(BDictionary d, String key) {
        Long v = d.getLong(key);
        return v == null || v < 0 ? 0 : v;
    }

    private static int saturate(long v) {
        return (int) Math.min(v, Integer.MAX_VALUE);
    }
}
