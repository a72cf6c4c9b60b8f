package io.bitquark.protocol.tracker;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An HTTP announce (BEP 3), as a tracker receives it and as a client sends it.
 *
 * <pre>
 * GET /announce?info_hash=%12%34...&amp;peer_id=-BQ0100-...&amp;port=6881&amp;uploaded=0&amp;downloaded=0&amp;left=1024
 *     [&amp;event=started|completed|stopped|paused] [&amp;compact=0|1] [&amp;no_peer_id=0|1] [&amp;numwant=50]
 *     [&amp;key=...] [&amp;trackerid=...] [&amp;ip=...] [&amp;ipv4=...] [&amp;ipv6=...]
 * </pre>
 *
 * <p>{@code infoHash} and {@code peerId} are exactly 20 raw bytes. {@code compact} is empty when the client
 * did not say (BEP 23 leaves the default to the tracker), {@code numWant} is empty when the client did not
 * ask (the tracker applies its default and clamps large values). {@code key} and {@code trackerId} are
 * opaque tokens held one byte per character (ISO-8859-1); {@code ip}, {@code ipv4} and {@code ipv6}
 * (BEP 7) are kept as sent, an address or an endpoint, for the tracker to validate.
 *
 * <p>The compact constructor validates; malformed network input is refused earlier by
 * {@link AnnounceQueryParser} with a {@link TrackerRequestException}.
 */
public record AnnounceRequest(
        byte[] infoHash,
        byte[] peerId,
        int port,
        long uploaded,
        long downloaded,
        long left,
        AnnounceEvent event,
        Optional<Boolean> compact,
        boolean noPeerId,
        OptionalInt numWant,
        Optional<String> key,
        Optional<String> trackerId,
        Optional<String> ip,
        Optional<String> ipv4,
        Optional<String> ipv6) {

    public static final int INFO_HASH_LENGTH = 20;
    public static final int PEER_ID_LENGTH = 20;

    public AnnounceRequest {
        infoHash = checkLength(infoHash, INFO_HASH_LENGTH, "info_hash");
        peerId = checkLength(peerId, PEER_ID_LENGTH, "peer_id");
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " outside 1..65535");
        }
        if (uploaded < 0 || downloaded < 0 || left < 0) {
            throw new IllegalArgumentException("uploaded, downloaded and left must not be negative");
        }
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(compact, "compact");
        Objects.requireNonNull(numWant, "numWant");
        if (numWant.isPresent() && numWant.getAsInt() < 0) {
            throw new IllegalArgumentException("numwant must not be negative");
        }
        checkLatin1(key, "key");
        checkLatin1(trackerId, "trackerid");
        checkLatin1(ip, "ip");
        checkLatin1(ipv4, "ipv4");
        checkLatin1(ipv6, "ipv6");
    }

    private static byte[] checkLength(byte[] bytes, int length, String name) {
        if (bytes.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, not " + bytes.length);
        }
        return bytes.clone();
    }

    private static void checkLatin1(Optional<String> value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isPresent() && value.get().chars().anyMatch(c -> c > 0xFF)) {
            throw new IllegalArgumentException(name + " must hold one byte per character (ISO-8859-1)");
        }
    }

    /** A builder with the required fields; the counters start at zero and the event at {@link AnnounceEvent#NONE}. */
    public static Builder builder(byte[] infoHash, byte[] peerId, int port) {
        return new Builder(infoHash, peerId, port);
    }

    @Override
    public byte[] infoHash() {
        return infoHash.clone();
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    /** Whether the client is a seed as far as the counters say: nothing left to download. */
    public boolean isSeed() {
        return left == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnnounceRequest r
                && Arrays.equals(r.infoHash, infoHash)
                && Arrays.equals(r.peerId, peerId)
                && r.port == port
                && r.uploaded == uploaded
                && r.downloaded == downloaded
                && r.left == left
                && r.event == event
                && r.compact.equals(compact)
                && r.noPeerId == noPeerId
                && r.numWant.equals(numWant)
                && r.key.equals(key)
                && r.trackerId.equals(trackerId)
                && r.ip.equals(ip)
                && r.ipv4.equals(ipv4)
                && r.ipv6.equals(ipv6);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                Arrays.hashCode(infoHash),
                Arrays.hashCode(peerId),
                port,
                uploaded,
                downloaded,
                left,
                event,
                compact,
                noPeerId,
                numWant,
                key,
                trackerId,
                ip,
                ipv4,
                ipv6);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "AnnounceRequest[infoHash=" + hex.formatHex(infoHash) + ", peerId=" + hex.formatHex(peerId)
                + ", port=" + port + ", uploaded=" + uploaded + ", downloaded=" + downloaded + ", left=" + left
                + ", event=" + event + ", compact=" + compact + ", noPeerId=" + noPeerId + ", numWant=" + numWant
                + ", key=" + key + ", trackerId=" + trackerId + ", ip=" + ip + ", ipv4=" + ipv4 + ", ipv6=" + ipv6
                + "]";
    }

    /** Builds an {@link AnnounceRequest}, mostly for the client side. */
    public static final class Builder {
        private final byte[] infoHash;
        private final byte[] peerId;
        private final int port;
        private long uploaded;
        private long downloaded;
        private long left;
        private AnnounceEvent event = AnnounceEvent.NONE;
        private Optional<Boolean> compact = Optional.empty();
        private boolean noPeerId;
        private OptionalInt numWant = OptionalInt.empty();
        private Optional<String> key = Optional.empty();
        private Optional<String> trackerId = Optional.empty();
        private Optional<String> ip = Optional.empty();
        private Optional<String> ipv4 = Optional.empty();
        private Optional<String> ipv6 = Optional.empty();

        private Builder(byte[] infoHash, byte[] peerId, int port) {
            this.infoHash = infoHash.clone();
            this.peerId = peerId.clone();
            this.port = port;
        }

        public Builder uploaded(long uploaded) {
            this.uploaded = uploaded;
            return this;
        }

        public Builder downloaded(long downloaded) {
            this.downloaded = downloaded;
            return this;
        }

        public Builder left(long left) {
            this.left = left;
            return this;
        }

        public Builder event(AnnounceEvent event) {
            this.event = event;
            return this;
        }

        public Builder compact(boolean compact) {
            this.compact = Optional.of(compact);
            return this;
        }

        public Builder noPeerId(boolean noPeerId) {
            this.noPeerId = noPeerId;
            return this;
        }

        public Builder numWant(int numWant) {
            this.numWant = OptionalInt.of(numWant);
            return this;
        }

        public Builder key(String key) {
            this.key = Optional.of(key);
            return this;
        }

        public Builder trackerId(String trackerId) {
            this.trackerId = Optional.of(trackerId);
            return this;
        }

        public Builder ip(String ip) {
            this.ip = Optional.of(ip);
            return this;
        }

        public Builder ipv4(String ipv4) {
            this.ipv4 = Optional.of(ipv4);
            return this;
        }

        public Builder ipv6(String ipv6) {
            this.ipv6 = Optional.of(ipv6);
            return this;
        }

        public AnnounceRequest build() {
            return new AnnounceRequest(
                    infoHash,
                    peerId,
                    port,
                    uploaded,
                    downloaded,
                    left,
                    event,
                    compact,
                    noPeerId,
                    numWant,
                    key,
                    trackerId,
                    ip,
                    ipv4,
                    ipv6);
        }
    }
}
