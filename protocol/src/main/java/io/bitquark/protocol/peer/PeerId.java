package io.bitquark.protocol.peer;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The 20-byte peer id a client sends in its handshake and tracker announces (BEP 3). Most clients put their
 * name and version in front, in one of two conventions:
 *
 * <pre>
 * Azureus style  -qB4250-xxxxxxxxxxxx   '-', 2-letter client code, 4 version characters, '-'
 * Shadow style   T03I--xxxxxxxxxxxxxx   1-letter client code, up to 5 version characters, then at least
 *                                       two '-', padded with '-' to byte 5
 * Mainline style M7-2-3--xxxxxxxxxxxx   'M', decimal version numbers separated by '-'
 * </pre>
 *
 * <p>Version characters are read as digits {@code 0-9}, then {@code A-Z} for 10 to 35 (so {@code -lt0D60-}
 * is libtorrent 0.13.6); Azureus-style trailing zero components are dropped. Client-specific version
 * schemes beyond that are not modelled. Our own ids are {@link #PREFIX} followed by 12 random alphanumeric
 * characters, which keeps percent-encoded announces short.
 */
public final class PeerId {

    public static final int LENGTH = 20;
    /** Our Azureus-style prefix: BitQuark 0.1.0.0. */
    public static final String PREFIX = "-BQ0100-";

    private static final byte[] ALPHANUMERIC =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
    private static final String SHADOW_VERSION_DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-";
    private static final SecureRandom SECURE_RANDOM = new SecureRandom();

    private static final Map<String, String> AZUREUS_CLIENTS = Map.ofEntries(
            Map.entry("AR", "Arctic"),
            Map.entry("AZ", "Vuze"),
            Map.entry("BC", "BitComet"),
            Map.entry("BI", "BiglyBT"),
            Map.entry("BQ", "BitQuark"),
            Map.entry("BT", "BitTorrent"),
            Map.entry("DE", "Deluge"),
            Map.entry("FD", "Free Download Manager"),
            Map.entry("KT", "KTorrent"),
            Map.entry("LT", "libtorrent (Rasterbar)"),
            Map.entry("lt", "libTorrent (rakshasa)"),
            Map.entry("PI", "PicoTorrent"),
            Map.entry("qB", "qBittorrent"),
            Map.entry("RT", "Retriever"),
            Map.entry("SD", "Thunder"),
            Map.entry("TL", "Tribler"),
            Map.entry("TR", "Transmission"),
            Map.entry("UM", "µTorrent Mac"),
            Map.entry("UT", "µTorrent"),
            Map.entry("UW", "µTorrent Web"),
            Map.entry("WW", "WebTorrent"),
            Map.entry("XL", "Xunlei"));

    private static final Map<Character, String> SHADOW_CLIENTS = Map.of(
            'A', "ABC",
            'O', "Osprey Permaseed",
            'Q', "BTQueue",
            'R', "Tribler",
            'S', "Shadow",
            'T', "BitTornado",
            'U', "UPnP NAT Bit Torrent");

    /** The client a peer id names: {@code name} and a dotted {@code version}. */
    public record Client(String name, String version) {
        @Override
        public String toString() {
            return name + " " + version;
        }
    }

    private final byte[] bytes;

    private PeerId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static PeerId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a peer id is " + LENGTH + " bytes, got " + bytes.length);
        }
        return new PeerId(bytes.clone());
    }

    static PeerId wrap(byte[] bytes) {
        return new PeerId(bytes);
    }

    /** A fresh id for this client: {@code -BQ0100-} and 12 characters from a {@link SecureRandom}. */
    public static PeerId generate() {
        return generate(SECURE_RANDOM);
    }

    /** A fresh id for this client, its random part drawn from {@code random}. */
    public static PeerId generate(Random random) {
        byte[] id = new byte[LENGTH];
        byte[] prefix = PREFIX.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, id, 0, prefix.length);
        for (int i = prefix.length; i < LENGTH; i++) {
            id[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new PeerId(id);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    void writeTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    /** The client this id names, when it follows a known convention and a known client code. */
    public Optional<Client> client() {
        Optional<Client> client = azureus();
        if (client.isEmpty()) {
            client = mainline();
        }
        if (client.isEmpty()) {
            client = shadow();
        }
        return client;
    }

    private Optional<Client> azureus() {
        if (bytes[0] != '-' || bytes[7] != '-') {
            return Optional.empty();
        }
        String code = new String(bytes, 1, 2, StandardCharsets.US_ASCII);
        String name = AZUREUS_CLIENTS.get(code);
        if (name == null) {
            return Optional.empty();
        }
        int[] parts = new int[4];
        for (int i = 0; i < 4; i++) {
            parts[i] = Character.digit(bytes[3 + i], 36);
            if (parts[i] < 0) {
                return Optional.empty();
            }
        }
        int last = 3;
        while (last > 1 && parts[last] == 0) {
            last--;
        }
        StringBuilder version = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            version.append(i == 0 ? "" : ".").append(parts[i]);
        }
        return Optional.of(new Client(name, version.toString()));
    }

    private Optional<Client> mainline() {
        if (bytes[0] != 'M') {
            return Optional.empty();
        }
        StringBuilder version = new StringBuilder();
        int i = 1;
        for (int part = 0; part < 3; part++) {
            int start = i;
            while (i < LENGTH && bytes[i] >= '0' && bytes[i] <= '9') {
                i++;
            }
            if (i == start || i - start > 3 || i >= LENGTH || bytes[i] != '-') {
                return Optional.empty();
            }
            version.append(part == 0 ? "" : ".").append(new String(bytes, start, i - start, StandardCharsets.US_ASCII));
            i++;
        }
        return Optional.of(new Client("Mainline", version.toString()));
    }

    private Optional<Client> shadow() {
        String name = SHADOW_CLIENTS.get((char) bytes[0]);
        if (name == null) {
            return Optional.empty();
        }
        StringBuilder version = new StringBuilder();
        int i = 1;
        while (i <= 5 && bytes[i] != '-') {
            int digit = SHADOW_VERSION_DIGITS.indexOf((char) (bytes[i] & 0xff));
            if (digit < 0) {
                return Optional.empty();
            }
            version.append(i == 1 ? "" : ".").append(digit);
            i++;
        }
        if (i == 1) {
            return Optional.empty();
        }
        int paddingEnd = Math.max(5, i + 1);
        for (; i <= paddingEnd; i++) {
            if (bytes[i] != '-') {
                return Optional.empty();
            }
        }
        return Optional.of(new Client(name, version.toString()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId other && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The id as text when it is printable ASCII, otherwise as hex. */
    @Override
    public String toString() {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return HexFormat.of().formatHex(bytes);
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
