package io.bitquark.protocol.magnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A BitTorrent magnet link (BEP 9, v2 and hybrid per BEP 52, {@code so} per BEP 53).
 *
 * <pre>
 * magnet:?xt=urn:btih:&lt;info-hash&gt;      v1: 40 hex digits, or 32 base32 characters (old clients)
 *        &amp;xt=urn:btmh:1220&lt;64 hex&gt;       v2: multihash, 0x12 = SHA-256, 0x20 = 32 bytes; both xt: hybrid
 *        &amp;dn=&lt;display name&gt;             UTF-8, percent-encoded
 *        &amp;tr=&lt;tracker url&gt;              any number, order kept
 *        &amp;ws=&lt;web seed url&gt;             any number, order kept (BEP 19)
 *        &amp;so=0,2,4-6                    file indexes to download (BEP 53)
 *        &amp;x.pe=&lt;host:port&gt;             peers to contact, any number; IPv6 in brackets
 * </pre>
 *
 * <p>Parsing refuses what is not a magnet URI, a link without a {@code btih} or {@code btmh} exact topic,
 * malformed hashes, bad base32, malformed percent-encoding, and bad {@code so} or {@code x.pe} values, all
 * with a {@link MagnetException}. Other parameters (and other {@code xt} URNs) are ignored. A second
 * {@code dn} is ignored; a second, different hash of the same kind is refused.
 *
 * <p>{@link #toUri()} writes the canonical form: parameters in the order above, hashes as lower-case hex,
 * values percent-encoded except RFC 3986 unreserved characters (and ':' in {@code x.pe}). For any link,
 * {@code parse(link.toUri())} equals it.
 *
 * <p>Info-hashes are raw bytes here: 20 bytes for v1, the 32-byte SHA-256 digest for v2.
 */
public final class MagnetLink {

    public static final int V1_HASH_LENGTH = 20;
    public static final int V2_HASH_LENGTH = 32;

    private static final String SCHEME = "magnet:";
    private static final String BTIH = "urn:btih:";
    private static final String BTMH = "urn:btmh:";
    private static final String SHA256_MULTIHASH_PREFIX = "1220";
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] infoHashV1;
    private final byte[] infoHashV2;
    private final String displayName;
    private final List<String> trackers;
    private final List<String> webSeeds;
    private final SelectOnly selectOnly;
    private final List<PeerAddress> peers;

    private MagnetLink(Builder b) {
        this.infoHashV1 = b.infoHashV1;
        this.infoHashV2 = b.infoHashV2;
        this.displayName = b.displayName;
        this.trackers = List.copyOf(b.trackers);
        this.webSeeds = List.copyOf(b.webSeeds);
        this.selectOnly = b.selectOnly;
        this.peers = List.copyOf(b.peers);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.infoHashV1 = infoHashV1;
        b.infoHashV2 = infoHashV2;
        b.displayName = displayName;
        b.trackers.addAll(trackers);
        b.webSeeds.addAll(webSeeds);
        b.selectOnly = selectOnly;
        b.peers.addAll(peers);
        return b;
    }

    /** The 20-byte v1 info-hash ({@code urn:btih}), if the link has one. */
    public Optional<byte[]> infoHashV1() {
        return infoHashV1 == null ? Optional.empty() : Optional.of(infoHashV1.clone());
    }

    /** The 32-byte v2 info-hash ({@code urn:btmh}, SHA-256), if the link has one. */
    public Optional<byte[]> infoHashV2() {
        return infoHashV2 == null ? Optional.empty() : Optional.of(infoHashV2.clone());
    }

    /** Whether the link names both a v1 and a v2 info-hash (a hybrid torrent). */
    public boolean isHybrid() {
        return infoHashV1 != null && infoHashV2 != null;
    }

    public Optional<String> displayName() {
        return Optional.ofNullable(displayName);
    }

    public List<String> trackers() {
        return trackers;
    }

    public List<String> webSeeds() {
        return webSeeds;
    }

    public Optional<SelectOnly> selectOnly() {
        return Optional.ofNullable(selectOnly);
    }

    public List<PeerAddress> peers() {
        return peers;
    }

    /** Parses a magnet URI. */
    public static MagnetLink parse(String uri) throws MagnetException {
        if (!uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new MagnetException("not a magnet URI: it does not start with 'magnet:'");
        }
        if (uri.length() == SCHEME.length() || uri.charAt(SCHEME.length()) != '?') {
            throw new MagnetException("not a magnet URI: no '?' after 'magnet:'");
        }
        Builder b = new Builder();
        for (String parameter : uri.substring(SCHEME.length() + 1).split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            String key = PercentCoding.decode(eq < 0 ? parameter : parameter.substring(0, eq), false);
            String raw = eq < 0 ? "" : parameter.substring(eq + 1);
            switch (key) {
                case "xt":
                    exactTopic(PercentCoding.decode(raw, false), b);
                    break;
                case "dn":
                    if (b.displayName == null) {
                        b.displayName = PercentCoding.decode(raw, true);
                    }
                    break;
                case "tr":
                    addIfPresent(b.trackers, PercentCoding.decode(raw, false));
                    break;
                case "ws":
                    addIfPresent(b.webSeeds, PercentCoding.decode(raw, false));
                    break;
                case "so":
                    SelectOnly so = SelectOnly.parse(PercentCoding.decode(raw, false));
                    b.selectOnly = b.selectOnly == null ? so : merge(b.selectOnly, so);
                    break;
                case "x.pe":
                    b.peers.add(PeerAddress.parse(PercentCoding.decode(raw, false)));
                    break;
                default:
                    break;
            }
        }
        if (b.infoHashV1 == null && b.infoHashV2 == null) {
            throw new MagnetException("missing xt: a magnet link needs xt=urn:btih:<hash> or xt=urn:btmh:<multihash>");
        }
        return b.build();
    }

    private static void exactTopic(String value, Builder b) throws MagnetException {
        if (value.regionMatches(true, 0, BTIH, 0, BTIH.length())) {
            byte[] hash = btih(value.substring(BTIH.length()));
            if (b.infoHashV1 != null && !Arrays.equals(b.infoHashV1, hash)) {
                throw new MagnetException("two different urn:btih info-hashes in one link");
            }
            b.infoHashV1 = hash;
        } else if (value.regionMatches(true, 0, BTMH, 0, BTMH.length())) {
            byte[] hash = btmh(value.substring(BTMH.length()));
            if (b.infoHashV2 != null && !Arrays.equals(b.infoHashV2, hash)) {
                throw new MagnetException("two different urn:btmh info-hashes in one link");
            }
            b.infoHashV2 = hash;
        }
    }

    private static byte[] btih(String hash) throws MagnetException {
        if (hash.length() == 2 * V1_HASH_LENGTH) {
            return hex(hash, "urn:btih");
        }
        if (hash.length() == 32) {
            return Base32.decode(hash);
        }
        throw new MagnetException("malformed urn:btih hash: " + hash.length()
                + " characters, expected 40 hex digits or 32 base32 characters");
    }

    private static byte[] btmh(String multihash) throws MagnetException {
        if (!multihash.startsWith(SHA256_MULTIHASH_PREFIX)) {
            throw new MagnetException(
                    "malformed urn:btmh hash: only SHA-256 multihashes (prefix 1220) are used by BEP 52");
        }
        String digest = multihash.substring(SHA256_MULTIHASH_PREFIX.length());
        if (digest.length() != 2 * V2_HASH_LENGTH) {
            throw new MagnetException(
                    "malformed urn:btmh hash: " + digest.length() + " hex digits after 1220, expected 64");
        }
        return hex(digest, "urn:btmh");
    }

    private static byte[] hex(String digits, String what) throws MagnetException {
        for (int i = 0; i < digits.length(); i++) {
            if (PercentCoding.hexValue(digits.charAt(i)) < 0) {
                throw new MagnetException(
                        "malformed " + what + " hash: '" + digits.charAt(i) + "' at " + i + " is not a hex digit");
            }
        }
        return HEX.parseHex(digits.toLowerCase(Locale.ROOT));
    }

    private static void addIfPresent(List<String> list, String value) {
        if (!value.isEmpty()) {
            list.add(value);
        }
    }

    private static SelectOnly merge(SelectOnly a, SelectOnly b) {
        List<SelectOnly.Range> all = new ArrayList<>(a.ranges());
        all.addAll(b.ranges());
        return SelectOnly.ofRanges(all);
    }

    /** The canonical magnet URI. */
    public String toUri() {
        StringBuilder out = new StringBuilder(SCHEME).append('?');
        if (infoHashV1 != null) {
            out.append("xt=").append(BTIH).append(HEX.formatHex(infoHashV1));
        }
        if (infoHashV2 != null) {
            out.append(infoHashV1 != null ? "&" : "")
                    .append("xt=")
                    .append(BTMH)
                    .append(SHA256_MULTIHASH_PREFIX)
                    .append(HEX.formatHex(infoHashV2));
        }
        if (displayName != null) {
            out.append("&dn=").append(PercentCoding.encode(displayName, ""));
        }
        for (String tracker : trackers) {
            out.append("&tr=").append(PercentCoding.encode(tracker, ""));
        }
        for (String webSeed : webSeeds) {
            out.append("&ws=").append(PercentCoding.encode(webSeed, ""));
        }
        if (selectOnly != null) {
            out.append("&so=").append(selectOnly);
        }
        for (PeerAddress peer : peers) {
            out.append("&x.pe=").append(PercentCoding.encode(peer.toString(), ":"));
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MagnetLink other
                && Arrays.equals(other.infoHashV1, infoHashV1)
                && Arrays.equals(other.infoHashV2, infoHashV2)
                && Objects.equals(other.displayName, displayName)
                && other.trackers.equals(trackers)
                && other.webSeeds.equals(webSeeds)
                && Objects.equals(other.selectOnly, selectOnly)
                && other.peers.equals(peers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                Arrays.hashCode(infoHashV1),
                Arrays.hashCode(infoHashV2),
                displayName,
                trackers,
                webSeeds,
                selectOnly,
                peers);
    }

    /** The canonical URI, as {@link #toUri()}. */
    @Override
    public String toString() {
        return toUri();
    }

    /** Builds a link; at least one info-hash is required. */
    public static final class Builder {
        private byte[] infoHashV1;
        private byte[] infoHashV2;
        private String displayName;
        private final List<String> trackers = new ArrayList<>();
        private final List<String> webSeeds = new ArrayList<>();
        private SelectOnly selectOnly;
        private final List<PeerAddress> peers = new ArrayList<>();

        private Builder() {}

        public Builder infoHashV1(byte[] hash) {
            if (hash.length != V1_HASH_LENGTH) {
                throw new IllegalArgumentException("a v1 info-hash is 20 bytes, got " + hash.length);
            }
            this.infoHashV1 = hash.clone();
            return this;
        }

        public Builder infoHashV2(byte[] hash) {
            if (hash.length != V2_HASH_LENGTH) {
                throw new IllegalArgumentException("a v2 info-hash is 32 bytes, got " + hash.length);
            }
            this.infoHashV2 = hash.clone();
            return this;
        }

        public Builder displayName(String name) {
            this.displayName = name;
            return this;
        }

        public Builder tracker(String url) {
            requireNonEmpty(url, "tracker");
            trackers.add(url);
            return this;
        }

        public Builder webSeed(String url) {
            requireNonEmpty(url, "web seed");
            webSeeds.add(url);
            return this;
        }

        public Builder selectOnly(SelectOnly selection) {
            this.selectOnly = selection;
            return this;
        }

        public Builder peer(PeerAddress peer) {
            peers.add(Objects.requireNonNull(peer, "peer"));
            return this;
        }

        public MagnetLink build() {
            if (infoHashV1 == null && infoHashV2 == null) {
                throw new IllegalStateException("a magnet link needs a v1 or a v2 info-hash");
            }
            return new MagnetLink(this);
        }

        private static void requireNonEmpty(String value, String what) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("empty " + what + " URL");
            }
        }
    }
}
