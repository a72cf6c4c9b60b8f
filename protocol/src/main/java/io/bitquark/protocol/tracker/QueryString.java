package io.bitquark.protocol.tracker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw query string of a tracker request, split into {@code name=value} pairs that stay percent-encoded
 * until a field decides how to decode them (binary or text).
 *
 * <pre>
 * query  = [ "?" ] pair *( "&amp;" pair )     empty pairs ("&amp;&amp;") are skipped
 * pair   = name [ "=" value ]           a pair without "=" has the empty value
 * escape = "%" HEXDIG HEXDIG            upper or lower case hex
 * </pre>
 *
 * <p>Raw characters must be printable ASCII ({@code 0x21..0x7E}) other than {@code #}; a space, a control
 * character or a non-ASCII character must be percent-encoded. {@code +} means a space only in text
 * values; in binary values (info_hash, peer_id) it is the byte {@code 0x2B}, as clients that send
 * unescaped bytes mean it.
 */
final class QueryString {

    record Pair(String name, String rawValue) {}

    private QueryString() {}

    static List<Pair> split(CharSequence query, int maxLength) throws TrackerRequestException {
        if (query.length() > maxLength) {
            throw new TrackerRequestException("query string longer than " + maxLength + " characters");
        }
        String q = query.toString();
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '#') {
                throw new TrackerRequestException(
                        "query string has a character that must be percent-encoded at offset " + i);
            }
        }
        int start = q.startsWith("?") ? 1 : 0;
        List<Pair> pairs = new ArrayList<>();
        while (start <= q.length()) {
            int end = q.indexOf('&', start);
            if (end < 0) {
                end = q.length();
            }
            if (end > start) {
                String pair = q.substring(start, end);
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
                pairs.add(new Pair(text(rawName, "parameter name"), rawValue));
            }
            start = end + 1;
        }
        return pairs;
    }

    /** Percent-decodes a binary value; {@code +} stays the byte 0x2B. */
    static byte[] bytes(String raw, String field) throws TrackerRequestException {
        return decode(raw, false, field);
    }

    /** Percent-decodes a text value, {@code +} being a space; each decoded byte is one ISO-8859-1 character. */
    static String text(String raw, String field) throws TrackerRequestException {
        return new String(decode(raw, true, field), StandardCharsets.ISO_8859_1);
    }

    private static byte[] decode(String raw, boolean plusIsSpace, String field) throws TrackerRequestException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new TrackerRequestException("malformed percent-encoding in " + field);
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** Percent-encodes bytes for a query: unreserved characters (RFC 3986) raw, every other byte as %XX. */
    static String encode(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int v = b & 0xFF;
            if ((v >= 'a' && v <= 'z')
                    || (v >= 'A' && v <= 'Z')
                    || (v >= '0' && v <= '9')
                    || v == '-'
                    || v == '.'
                    || v == '_'
                    || v == '~') {
                sb.append((char) v);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(v >>> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(v & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    /** Percent-encodes text whose characters are all ISO-8859-1 (one byte each). */
    static String encodeText(String text) {
        return encode(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A fragment of input safe to echo in a failure reason: printable ASCII, at most 32 characters. */
    static String echo(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < 32; i++) {
            char c = value.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return value.length() > 32 ? sb + "..." : sb.toString();
    }
}
