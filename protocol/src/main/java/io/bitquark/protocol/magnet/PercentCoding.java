package io.bitquark.protocol.magnet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** RFC 3986 percent-encoding over UTF-8, for magnet query values. */
final class PercentCoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentCoding() {}

    /**
     * Decodes {@code %XX} escapes to bytes, and literal characters to their UTF-8 bytes, then reads the
     * whole as UTF-8 (malformed sequences become U+FFFD). With {@code plusIsSpace}, '+' means a space as in
     * HTML form encoding, which many magnet generators use in {@code dn}. The result is always well-formed
     * UTF-16 (an unpaired surrogate in the input becomes '?'), so that it re-encodes to what it decoded from.
     */
    static String decode(String text, boolean plusIsSpace) throws MagnetException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int runStart = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%' || (plusIsSpace && c == '+')) {
                out.writeBytes(text.substring(runStart, i).getBytes(StandardCharsets.UTF_8));
                if (c == '+') {
                    out.write(' ');
                    i++;
                } else {
                    int hi = i + 1 < text.length() ? hexValue(text.charAt(i + 1)) : -1;
                    int lo = i + 2 < text.length() ? hexValue(text.charAt(i + 2)) : -1;
                    if (hi < 0 || lo < 0) {
                        throw new MagnetException("malformed percent-encoding at " + i + " in '" + text + "'");
                    }
                    out.write(hi << 4 | lo);
                    i += 3;
                }
                runStart = i;
            } else {
                i++;
            }
        }
        out.writeBytes(text.substring(runStart).getBytes(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Encodes every UTF-8 byte except the unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) and those in
     * {@code alsoSafe}.
     */
    static String encode(String text, String alsoSafe) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c) || (c < 0x80 && alsoSafe.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }

    /** The value of an ASCII hex digit, or -1 (also for non-ASCII digits that {@link Character#digit} accepts). */
    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }
}
