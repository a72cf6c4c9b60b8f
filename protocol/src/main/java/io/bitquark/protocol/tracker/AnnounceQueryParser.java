package io.bitquark.protocol.tracker;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Parses the raw query string of an HTTP announce (BEP 3, BEP 7, BEP 23) into an {@link AnnounceRequest}.
 *
 * <pre>
 * info_hash, peer_id     required, percent-decoded to exactly 20 bytes ("+" is the byte 0x2B)
 * port                   required, 1..65535
 * uploaded, downloaded,  required, decimal digits only, 0..2^63-1
 * left
 * event                  started | completed | stopped | paused | empty | absent
 * compact, no_peer_id    0 | 1
 * numwant                decimal digits; absent = the tracker's default; beyond 2^31-1 saturates
 * key, trackerid, ip,    text, "+" is a space, one byte per character (ISO-8859-1)
 * ipv4, ipv6
 * </pre>
 *
 * <p>It must be given the query as it arrived on the wire, not parameters already decoded into Java
 * strings (which corrupts the binary info_hash). Each of the parameters above may appear at most once: a
 * repeated one is refused rather than silently resolved, since first-wins and last-wins servers would
 * disagree about the request. Unknown parameters (passkeys, {@code supportcrypto}, ...) are ignored. Every
 * refusal is a {@link TrackerRequestException} whose message can be sent as the {@code failure reason}.
 *
 * <p>Parsers are immutable and thread-safe.
 */
public final class AnnounceQueryParser {

    /** Real announces are a few hundred characters; 4 KiB leaves room for passkeys and extensions. */
    public static final int DEFAULT_MAX_QUERY_LENGTH = 4096;

    private static final Set<String> SINGLE_VALUED = Set.of(
            "info_hash",
            "peer_id",
            "port",
            "uploaded",
            "downloaded",
            "left",
            "event",
            "compact",
            "no_peer_id",
            "numwant",
            "key",
            "trackerid",
            "ip",
            "ipv4",
            "ipv6");

    private static final AnnounceQueryParser DEFAULT = new AnnounceQueryParser(DEFAULT_MAX_QUERY_LENGTH);

    private final int maxQueryLength;

    public AnnounceQueryParser(int maxQueryLength) {
        if (maxQueryLength < 1) {
            throw new IllegalArgumentException("maxQueryLength must be positive");
        }
        this.maxQueryLength = maxQueryLength;
    }

    /** A parser with {@link #DEFAULT_MAX_QUERY_LENGTH}. */
    public static AnnounceQueryParser withDefaults() {
        return DEFAULT;
    }

    public int maxQueryLength() {
        return maxQueryLength;
    }

    /** Parses the raw query (the part after {@code ?}, a leading {@code ?} being tolerated). */
    public AnnounceRequest parse(CharSequence rawQuery) throws TrackerRequestException {
        Map<String, String> params = new HashMap<>();
        for (QueryString.Pair pair : QueryString.split(rawQuery, maxQueryLength)) {
            if (SINGLE_VALUED.contains(pair.name()) && params.putIfAbsent(pair.name(), pair.rawValue()) != null) {
                throw new TrackerRequestException("duplicate parameter " + pair.name());
            }
        }
        byte[] infoHash = twentyBytes(params, "info_hash");
        byte[] peerId = twentyBytes(params, "peer_id");
        long port = number(params, "port", true).orElseThrow();
        if (port < 1 || port > 0xFFFF) {
            throw new TrackerRequestException("port must be between 1 and 65535");
        }
        long uploaded = number(params, "uploaded", true).orElseThrow();
        long downloaded = number(params, "downloaded", true).orElseThrow();
        long left = number(params, "left", true).orElseThrow();
        AnnounceEvent event = AnnounceEvent.NONE;
        Optional<String> eventText = text(params, "event");
        if (eventText.isPresent()) {
            event = AnnounceEvent.fromHttpValue(eventText.get())
                    .orElseThrow(
                            () -> new TrackerRequestException("unknown event " + QueryString.echo(eventText.get())));
        }
        Optional<Boolean> compact = flag(params, "compact");
        boolean noPeerId = flag(params, "no_peer_id").orElse(false);
        OptionalInt numWant = OptionalInt.empty();
        Optional<Long> wanted = number(params, "numwant", false);
        if (wanted.isPresent()) {
            numWant = OptionalInt.of((int) Math.min(wanted.get(), Integer.MAX_VALUE));
        }
        return new AnnounceRequest(
                infoHash,
                peerId,
                (int) port,
                uploaded,
                downloaded,
                left,
                event,
                compact,
                noPeerId,
                numWant,
                text(params, "key"),
                text(params, "trackerid"),
                text(params, "ip"),
                text(params, "ipv4"),
                text(params, "ipv6"));
    }

    /** Parses a raw query given as the bytes of the request line. */
    public AnnounceRequest parse(byte[] rawQuery) throws TrackerRequestException {
        return parse(new String(rawQuery, StandardCharsets.ISO_8859_1));
    }

    static byte[] twentyBytes(Map<String, String> params, String name) throws TrackerRequestException {
        String raw = params.get(name);
        if (raw == null) {
            throw new TrackerRequestException("missing " + name);
        }
        return twentyBytes(raw, name);
    }

    static byte[] twentyBytes(String raw, String name) throws TrackerRequestException {
        byte[] bytes = QueryString.bytes(raw, name);
        if (bytes.length != 20) {
            throw new TrackerRequestException("invalid " + name + ": expected 20 bytes, got " + bytes.length);
        }
        return bytes;
    }

    /** A non-negative decimal number; numwant saturates at {@link Long#MAX_VALUE}, the others refuse overflow. */
    private static Optional<Long> number(Map<String, String> params, String name, boolean required)
            throws TrackerRequestException {
        Optional<String> text = text(params, name);
        if (text.isEmpty()) {
            if (required) {
                throw new TrackerRequestException("missing " + name);
            }
            return Optional.empty();
        }
        String digits = text.get();
        if (digits.isEmpty()) {
            throw new TrackerRequestException(name + " is empty");
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new TrackerRequestException(name + " must be a non-negative decimal number");
            }
            if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                if (!"numwant".equals(name)) {
                    throw new TrackerRequestException(name + " is too large");
                }
                value = Long.MAX_VALUE;
            } else {
                value = value * 10 + (c - '0');
            }
        }
        return Optional.of(value);
    }

    private static Optional<Boolean> flag(Map<String, String> params, String name) throws TrackerRequestException {
        Optional<String> text = text(params, name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if ("1".equals(text.get())) {
            return Optional.of(true);
        }
        if ("0".equals(text.get())) {
            return Optional.of(false);
        }
        throw new TrackerRequestException(name + " must be 0 or 1");
    }

    private static Optional<String> text(Map<String, String> params, String name) throws TrackerRequestException {
        String raw = params.get(name);
        return raw == null ? Optional.empty() : Optional.of(QueryString.text(raw, name));
    }
}
