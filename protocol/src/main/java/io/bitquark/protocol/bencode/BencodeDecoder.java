package io.bitquark.protocol.bencode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes bencode (BEP 3) from bytes.
 *
 * <pre>
 * integer     i&lt;decimal&gt;e          i42e, i-7e        no leading zeros, no -0
 * byte string &lt;length&gt;:&lt;bytes&gt;     4:spam            length in decimal, no leading zeros
 * list        l&lt;values&gt;e           l4:spami42ee
 * dictionary  d&lt;key&gt;&lt;value&gt;...e    d3:cow3:mooe      keys are byte strings, sorted by raw bytes
 * </pre>
 *
 * <p>Both modes refuse malformed structure with a {@link BencodeException} that names the offset:
 * leading zeros and {@code -0}, lengths beyond the input, integers that do not fit 64 bits, and nesting
 * deeper than {@link #maxDepth()}. A length is checked against the remaining input before anything is
 * allocated. {@link Mode#STRICT} also refuses unsorted or duplicate keys and trailing data;
 * {@link Mode#LENIENT} reports those as {@link SoftError}s and keeps the original bytes, as real-world
 * torrents need.
 *
 * <p>Decoders are immutable and thread-safe.
 */
public final class BencodeDecoder {

    /** How strictly canonical form is enforced. */
    public enum Mode {
        /** Canonical bencode only: what we create and what we accept from our own components. */
        STRICT,
        /** Real-world input: unsorted keys, duplicate keys and trailing bytes are soft errors. */
        LENIENT
    }

    public static final int DEFAULT_MAX_DEPTH = 64;

    private static final BencodeDecoder STRICT = new BencodeDecoder(Mode.STRICT, DEFAULT_MAX_DEPTH);
    private static final BencodeDecoder LENIENT = new BencodeDecoder(Mode.LENIENT, DEFAULT_MAX_DEPTH);

    private final Mode mode;
    private final int maxDepth;

    public BencodeDecoder(Mode mode, int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1");
        }
        this.mode = mode;
        this.maxDepth = maxDepth;
    }

    public static BencodeDecoder strict() {
        return STRICT;
    }

    public static BencodeDecoder lenient() {
        return LENIENT;
    }

    public Mode mode() {
        return mode;
    }

    public int maxDepth() {
        return maxDepth;
    }

    /** Decodes one root value that must fill the whole input (trailing data is soft in lenient mode). */
    public Decoded decode(byte[] input) throws BencodeException {
        Cursor c = new Cursor(input);
        if (input.length == 0) {
            throw new BencodeException(0, "empty input");
        }
        BValue root = c.value(0);
        if (c.pos != input.length) {
            String message = (input.length - c.pos) + " bytes of trailing data after the root value";
            if (mode == Mode.STRICT) {
                throw new BencodeException(c.pos, message);
            }
            c.soft(SoftError.Kind.TRAILING_DATA, c.pos, message);
        }
        return new Decoded(root, c.softErrors == null ? List.of() : c.softErrors);
    }

    /** Decodes and returns the root value, discarding soft errors. */
    public BValue decodeValue(byte[] input) throws BencodeException {
        return decode(input).root();
    }

    private final class Cursor {
        final byte[] in;
        int pos;
        List<SoftError> softErrors;

        Cursor(byte[] in) {
            this.in = in;
        }

        void soft(SoftError.Kind kind, int offset, String message) {
            if (softErrors == null) {
                softErrors = new ArrayList<>();
            }
            softErrors.add(new SoftError(kind, offset, message));
        }

        BValue value(int depth) throws BencodeException {
            if (pos >= in.length) {
                throw new BencodeException(pos, "unexpected end of input, expected a value");
            }
            byte b = in[pos];
            if (b == 'i') {
                return integer();
            }
            if (b >= '0' && b <= '9') {
                return string();
            }
            if (b == 'l' || b == 'd') {
                if (depth + 1 > maxDepth) {
                    throw new BencodeException(pos, "nesting deeper than " + maxDepth);
                }
                return b == 'l' ? list(depth + 1) : dictionary(depth + 1);
            }
            throw new BencodeException(
                    pos, "unexpected byte 0x" + Integer.toHexString(b & 0xff) + ", expected a value");
        }

        BInteger integer() throws BencodeException {
            int start = pos;
            pos++; // 'i'
            boolean negative = false;
            if (pos < in.length && in[pos] == '-') {
                negative = true;
                pos++;
            }
            int digitsStart = pos;
            long value = 0;
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                int digit = in[pos] - '0';
                // accumulate negatively so that Long.MIN_VALUE fits
                if (value < (Long.MIN_VALUE + digit) / 10) {
                    throw new BencodeException(start, "integer does not fit in 64 bits");
                }
                value = value * 10 - digit;
                pos++;
            }
            int digits = pos - digitsStart;
            if (pos >= in.length) {
                throw new BencodeException(pos, "unexpected end of input inside an integer");
            }
            if (in[pos] != 'e') {
                throw new BencodeException(
                        pos, "unexpected byte 0x" + Integer.toHexString(in[pos] & 0xff) + " inside an integer");
            }
            if (digits == 0) {
                throw new BencodeException(start, "integer without digits");
            }
            if (digits > 1 && in[digitsStart] == '0') {
                throw new BencodeException(digitsStart, "integer with a leading zero");
            }
            if (negative && value == 0) {
                throw new BencodeException(start, "negative zero");
            }
            if (!negative) {
                if (value == Long.MIN_VALUE) {
                    throw new BencodeException(start, "integer does not fit in 64 bits");
                }
                value = -value;
            }
            pos++; // 'e'
            return new BInteger(value, new Span(in, start, pos));
        }

        BString string() throws BencodeException {
            int start = pos;
            long length = 0;
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                length = length * 10 + (in[pos] - '0');
                if (length > in.length) {
                    throw new BencodeException(start, "byte string length beyond the end of input");
                }
                pos++;
            }
            if (pos >= in.length) {
                throw new BencodeException(pos, "unexpected end of input inside a byte string length");
            }
            if (in[pos] != ':') {
                throw new BencodeException(pos, "expected ':' after a byte string length");
            }
            if (pos - start > 1 && in[start] == '0') {
                throw new BencodeException(start, "byte string length with a leading zero");
            }
            pos++; // ':'
            if (length > in.length - pos) {
                throw new BencodeException(
                        start,
                        "byte string of " + length + " bytes runs past the end of input (" + (in.length - pos)
                                + " left)");
            }
            int len = (int) length;
            byte[] bytes = new byte[len];
            System.arraycopy(in, pos, bytes, 0, len);
            pos += len;
            return BString.decoded(bytes, new Span(in, start, pos));
        }

        BList list(int depth) throws BencodeException {
            int start = pos;
            pos++; // 'l'
            List<BValue> values = new ArrayList<>();
            while (true) {
                if (pos >= in.length) {
                    throw new BencodeException(pos, "unexpected end of input inside a list");
                }
                if (in[pos] == 'e') {
                    pos++;
                    return new BList(values, new Span(in, start, pos));
                }
                values.add(value(depth));
            }
        }

        BDictionary dictionary(int depth) throws BencodeException {
            int start = pos;
            pos++; // 'd'
            Map<BString, BValue> entries = new LinkedHashMap<>();
            BString previous = null;
            while (true) {
                if (pos >= in.length) {
                    throw new BencodeException(pos, "unexpected end of input inside a dictionary");
                }
                if (in[pos] == 'e') {
                    pos++;
                    return new BDictionary(entries, new Span(in, start, pos));
                }
                int keyOffset = pos;
                if (in[pos] < '0' || in[pos] > '9') {
                    throw new BencodeException(pos, "dictionary key is not a byte string");
                }
                BString key = string();
                if (previous != null) {
                    int order = previous.compareTo(key);
                    if (order == 0 || entries.containsKey(key)) {
                        if (mode == Mode.STRICT) {
                            throw new BencodeException(keyOffset, "duplicate dictionary key '" + key + "'");
                        }
                        soft(SoftError.Kind.DUPLICATE_KEY, keyOffset, "duplicate dictionary key '" + key + "'");
                        value(depth); // parsed for validity, the first value is kept
                        continue;
                    }
                    if (order > 0) {
                        if (mode == Mode.STRICT) {
                            throw new BencodeException(
                                    keyOffset, "dictionary key '" + key + "' out of order after '" + previous + "'");
                        }
                        soft(
                                SoftError.Kind.UNSORTED_KEYS,
                                keyOffset,
                                "dictionary key '" + key + "' out of order after '" + previous + "'");
                    }
                }
                if (pos >= in.length) {
                    throw new BencodeException(
                            pos, "unexpected end of input, dictionary key '" + key + "' has no value");
                }
                if (in[pos] == 'e') {
                    throw new BencodeException(pos, "dictionary key '" + key + "' has no value");
                }
                entries.put(key, value(depth));
                previous = key;
            }
        }
    }
}
