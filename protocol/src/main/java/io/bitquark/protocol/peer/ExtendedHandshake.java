package io.bitquark.protocol.peer;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BInteger;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.bencode.BencodeDecoder;
import io.bitquark.protocol.bencode.BencodeEncoder;
import io.bitquark.protocol.bencode.BencodeException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The extension protocol handshake (BEP 10): the payload of extended message 0, a bencoded dictionary.
 *
 * <pre>
 * &lt;len=0002+X&gt;&lt;id=20&gt;&lt;extended id=0&gt;&lt;bencoded dictionary X bytes&gt;
 *
 * m              {extension name: id}  the ids the SENDER wants to receive each extension under; 0 disables
 * v              client name and version, UTF-8
 * p              TCP listen port
 * reqq           how many outstanding requests the sender accepts
 * yourip         the receiver's address as the sender sees it, 4 or 16 bytes
 * metadata_size  size of the info dictionary in bytes (BEP 9)
 * </pre>
 *
 * <p>Decoding is lenient, as BEP 10 asks: unsorted keys are accepted, a known key with a wrong type or an
 * out-of-range value is dropped, and every other key is kept in {@link #extra()} so that re-encoding
 * loses nothing. Only a payload that is not a bencoded dictionary is refused.
 */
public final class ExtendedHandshake {

    private static final Set<String> KNOWN_KEYS = Set.of("m", "v", "p", "reqq", "yourip", "metadata_size");

    private final Map<String, Integer> extensions;
    private final String client;
    private final Integer port;
    private final Integer requestQueueLength;
    private final byte[] yourIp;
    private final Long metadataSize;
    private final BDictionary extra;

    private ExtendedHandshake(Builder b) {
        this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(b.extensions));
        this.client = b.client;
        this.port = b.port;
        this.requestQueueLength = b.requestQueueLength;
        this.yourIp = b.yourIp;
        this.metadataSize = b.metadataSize;
        this.extra = b.extra.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.extensions.putAll(extensions);
        b.client = client;
        b.port = port;
        b.requestQueueLength = requestQueueLength;
        b.yourIp = yourIp;
        b.metadataSize = metadataSize;
        b.extra = extra.toBuilder();
        return b;
    }

    /** The {@code m} dictionary: extension name to the id the sender receives it under (0: disabled). */
    public Map<String, Integer> extensions() {
        return extensions;
    }

    /** The id to send extension {@code name} under to this peer, empty when it lacks or disabled it. */
    public OptionalInt extensionId(String name) {
        Integer id = extensions.get(name);
        return id == null || id == 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public Optional<String> client() {
        return Optional.ofNullable(client);
    }

    public OptionalInt port() {
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }

    public OptionalInt requestQueueLength() {
        return requestQueueLength == null ? OptionalInt.empty() : OptionalInt.of(requestQueueLength);
    }

    /** {@code yourip} as sent (4 or 16 bytes). */
    public Optional<byte[]> yourIpBytes() {
        return yourIp == null ? Optional.empty() : Optional.of(yourIp.clone());
    }

    public Optional<InetAddress> yourIp() {
        if (yourIp == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(yourIp));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("yourip is validated to 4 or 16 bytes", e);
        }
    }

    public OptionalLong metadataSize() {
        return metadataSize == null ? OptionalLong.empty() : OptionalLong.of(metadataSize);
    }

    /** The keys this class does not model, as received. */
    public BDictionary extra() {
        return extra;
    }

    /** The bencoded dictionary (canonical: sorted keys). */
    public byte[] encode() {
        BDictionary.Builder d = extra.toBuilder();
        BDictionary.Builder m = BDictionary.builder();
        extensions.forEach((name, id) -> m.put(name, id.longValue()));
        d.put("m", m.build());
        d.putIfPresent("v", client);
        if (port != null) {
            d.put("p", port.longValue());
        }
        if (requestQueueLength != null) {
            d.put("reqq", requestQueueLength.longValue());
        }
        if (yourIp != null) {
            d.put("yourip", yourIp);
        }
        if (metadataSize != null) {
            d.put("metadata_size", metadataSize.longValue());
        }
        return BencodeEncoder.encode(d.build());
    }

    /** The extended message carrying this handshake (extended id 0). */
    public PeerMessage.Extended toMessage() {
        return PeerMessage.Extended.owning(PeerMessage.Extended.HANDSHAKE_ID, encode());
    }

    /** Decodes the handshake carried by {@code message}, which must have extended id 0. */
    public static ExtendedHandshake decode(PeerMessage.Extended message) throws PeerWireException {
        if (message.extendedId() != PeerMessage.Extended.HANDSHAKE_ID) {
            throw new PeerWireException("extended id " + message.extendedId() + " is not the extension handshake (0)");
        }
        return decode(message.unsafePayload());
    }

    /** Decodes the bencoded dictionary of an extension handshake. */
    public static ExtendedHandshake decode(byte[] payload) throws PeerWireException {
        BValue root;
        try {
            root = BencodeDecoder.lenient().decode(payload).root();
        } catch (BencodeException e) {
            throw new PeerWireException("extension handshake is not valid bencode: " + e.getMessage(), e);
        }
        if (!(root instanceof BDictionary dict)) {
            throw new PeerWireException("extension handshake is not a bencoded dictionary");
        }
        Builder b = builder();
        BDictionary m = dict.getDictionary("m");
        if (m != null) {
            for (Map.Entry<BString, BValue> e : m.entries().entrySet()) {
                if (e.getValue() instanceof BInteger id && id.value() >= 0 && id.value() <= 0xff) {
                    b.extension(e.getKey().utf8(), (int) id.value());
                }
            }
        }
        BString v = dict.getString("v");
        if (v != null) {
            b.client(v.utf8());
        }
        Long p = dict.getLong("p");
        if (p != null && p >= 1 && p <= 0xffff) {
            b.port(p.intValue());
        }
        Long reqq = dict.getLong("reqq");
        if (reqq != null && reqq >= 0 && reqq <= Integer.MAX_VALUE) {
            b.requestQueueLength(reqq.intValue());
        }
        BString yourIp = dict.getString("yourip");
        if (yourIp != null && (yourIp.length() == 4 || yourIp.length() == 16)) {
            b.yourIp(yourIp.bytes());
        }
        Long metadataSize = dict.getLong("metadata_size");
        if (metadataSize != null && metadataSize >= 0) {
            b.metadataSize(metadataSize);
        }
        for (Map.Entry<BString, BValue> e : dict.entries().entrySet()) {
            if (!KNOWN_KEYS.contains(e.getKey().utf8())) {
                b.extra.put(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedHandshake other
                && other.extensions.equals(extensions)
                && Objects.equals(other.client, client)
                && Objects.equals(other.port, port)
                && Objects.equals(other.requestQueueLength, requestQueueLength)
                && Arrays.equals(other.yourIp, yourIp)
                && Objects.equals(other.metadataSize, metadataSize)
                && other.extra.equals(extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(extensions, client, port, requestQueueLength, Arrays.hashCode(yourIp), metadataSize, extra);
    }

    @Override
    public String toString() {
        return "ExtendedHandshake[m=" + extensions + ", v=" + client + ", p=" + port + ", reqq=" + requestQueueLength
                + ", yourip=" + yourIp().map(InetAddress::getHostAddress).orElse(null) + ", metadata_size="
                + metadataSize + ", extra=" + extra.keys() + "]";
    }

    /** Builds a handshake; every field is optional. */
    public static final class Builder {
        private final Map<String, Integer> extensions = new LinkedHashMap<>();
        private String client;
        private Integer port;
        private Integer requestQueueLength;
        private byte[] yourIp;
        private Long metadataSize;
        private BDictionary.Builder extra = BDictionary.builder();

        private Builder() {}

        /** Announces extension {@code name} under {@code id} (1 to 255), or disables it with 0. */
        public Builder extension(String name, int id) {
            if (id < 0 || id > 0xff) {
                throw new IllegalArgumentException("extension id " + id + " outside 0..255");
            }
            extensions.put(Objects.requireNonNull(name, "name"), id);
            return this;
        }

        public Builder client(String client) {
            this.client = client;
            return this;
        }

        public Builder port(int port) {
            if (port < 1 || port > 0xffff) {
                throw new IllegalArgumentException("port " + port + " outside 1..65535");
            }
            this.port = port;
            return this;
        }

        public Builder requestQueueLength(int reqq) {
            if (reqq < 0) {
                throw new IllegalArgumentException("reqq must not be negative");
            }
            this.requestQueueLength = reqq;
            return this;
        }

        public Builder yourIp(byte[] address) {
            if (address.length != 4 && address.length != 16) {
                throw new IllegalArgumentException("yourip is 4 or 16 bytes, got " + address.length);
            }
            this.yourIp = address.clone();
            return this;
        }

        public Builder yourIp(InetAddress address) {
            return yourIp(address.getAddress());
        }

        public Builder metadataSize(long size) {
            if (size < 0) {
                throw new IllegalArgumentException("metadata_size must not be negative");
            }
            this.metadataSize = size;
            return this;
        }

        /** Adds a key this class does not model; the modelled keys cannot be set this way. */
        public Builder extra(String key, BValue value) {
            if (KNOWN_KEYS.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' has its own builder method");
            }
            extra.put(key, value);
            return this;
        }

        public ExtendedHandshake build() {
            return new ExtendedHandshake(this);
        }
    }
}
