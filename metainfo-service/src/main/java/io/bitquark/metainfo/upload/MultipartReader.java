package io.bitquark.metainfo.upload;

import io.bitquark.rest.ApiProblem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578, RFC 2046 §5.1) part by part as it arrives, with a
 * fixed buffer, so that a part of any size streams through without being held in memory:
 *
 * <pre>
 * preamble CRLF? "--" boundary [LWSP] CRLF
 *   header-name ":" value CRLF …  CRLF          headers, at most {@value #MAX_HEADER_BYTES} bytes, UTF-8
 *   body bytes                                   anything but CRLF "--" boundary
 * CRLF "--" boundary [LWSP] CRLF  … next part …
 * CRLF "--" boundary "--" epilogue             the close delimiter
 * </pre>
 *
 * A malformed body (no opening boundary, a part that never ends, oversized headers, bad UTF-8 in
 * headers) is a 400 {@link ApiProblem}.
 */
public final class MultipartReader {

    /** The largest header block of one part. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** The most bytes read before the first boundary or after the last one. */
    public static final int MAX_PREAMBLE_BYTES = 64 * 1024;

    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int end;
    private boolean eof;
    private boolean started;
    private boolean closed;
    private Part current;

    /**
     * @param in       the request body
     * @param boundary the boundary from the Content-Type (see {@link #boundary(String)})
     */
    public MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // The first delimiter may open the body without a CRLF before it: read as if there were one.
        buf[0] = '\r';
        buf[1] = '\n';
        end = 2;
    }

    /** The boundary parameter of a multipart Content-Type; a 400 problem when it is missing or invalid. */
    public static String boundary(String contentType) {
        Map<String, String> params = new LinkedHashMap<>();
        String type = HeaderParameters.parse(contentType == null ? "" : contentType, params);
        if (!type.equalsIgnoreCase("multipart/form-data")) {
            throw ApiProblem.badRequest("expected multipart/form-data, got '" + contentType + "'");
        }
        String boundary = params.get("boundary");
        if (boundary == null
                || boundary.isEmpty()
                || boundary.length() > 70
                || !boundary.matches("[0-9A-Za-z'()+_,\\-./:=? ]*[0-9A-Za-z'()+_,\\-./:=?]")) {
            throw ApiProblem.badRequest("multipart/form-data needs a boundary of 1 to 70 characters (RFC 2046)");
        }
        return boundary;
    }

    /** One part: its headers (names in lower case) and its body, readable until the next boundary. */
    public final class Part {
        private final Map<String, String> headers;
        private final InputStream body = new PartBody();
        private boolean ended;

        Part(Map<String, String> headers) {
            this.headers = headers;
        }

        public Map<String, String> headers() {
            return headers;
        }

        /** The Content-Disposition parameters ({@code name}, {@code filename}, {@code filename*}, lower-cased names). */
        public Map<String, String> disposition() {
            Map<String, String> params = new LinkedHashMap<>();
            HeaderParameters.parse(headers.getOrDefault("content-disposition", ""), params);
            return params;
        }

        public InputStream body() {
            return body;
        }

        private final class PartBody extends InputStream {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return readBody(Part.this, b, off, len);
            }
        }
    }

    /** The next part, or {@code null} after the close delimiter. What is left of the current part is skipped. */
    public Part next() throws IOException {
        if (closed) {
            return null;
        }
        if (current != null) {
            byte[] skip = new byte[8192];
            while (readBody(current, skip, 0, skip.length) >= 0) {
                // skipping the rest of the part
            }
        }
        if (!started) {
            skipPreamble();
            started = true;
        }
        pos += delimiter.length;
        if (!fill(2)) {
            throw malformed("the body ends right after a boundary");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            closed = true;
            current = null;
            skipEpilogue();
            return null;
        }
        while (true) {
            if (!fill(1)) {
                throw malformed("the body ends right after a boundary");
            }
            if (buf[pos] == ' ' || buf[pos] == '\t') {
                pos++;
            } else {
                break;
            }
        }
        if (!fill(2) || buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw malformed("a boundary line must end with CRLF");
        }
        pos += 2;
        current = new Part(readHeaders());
        return current;
    }

    private void skipPreamble() throws IOException {
        long skipped = 0;
        while (true) {
            int at = indexOfDelimiter();
            if (at >= 0) {
                skipped += at - pos;
                pos = at;
                break;
            }
            int keep = Math.min(end - pos, delimiter.length - 1);
            skipped += end - pos - keep;
            pos = end - keep;
            if (skipped > MAX_PREAMBLE_BYTES) {
                throw malformed("no opening boundary in the first " + MAX_PREAMBLE_BYTES + " bytes");
            }
            if (!fillMore()) {
                throw malformed("no opening boundary: is the boundary in the Content-Type the one the body uses?");
            }
        }
        if (skipped > MAX_PREAMBLE_BYTES) {
            throw malformed("no opening boundary in the first " + MAX_PREAMBLE_BYTES + " bytes");
        }
    }

    private void skipEpilogue() throws IOException {
        long skipped = end - pos;
        pos = end;
        while (!eof) {
            if (skipped > MAX_PREAMBLE_BYTES) {
                throw malformed("more than " + MAX_PREAMBLE_BYTES + " bytes after the closing boundary");
            }
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                eof = true;
            } else {
                skipped += n;
            }
        }
        pos = 0;
        end = 0;
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        String last = null;
        while (true) {
            int lineEnd = indexOfCrlf();
            while (lineEnd < 0) {
                if (end - pos > MAX_HEADER_BYTES - total) {
                    throw malformed("a part's headers are longer than " + MAX_HEADER_BYTES + " bytes");
                }
                if (!fillMore()) {
                    throw malformed("the body ends inside a part's headers");
                }
                lineEnd = indexOfCrlf();
            }
            int length = lineEnd - pos;
            total += length + 2;
            if (total > MAX_HEADER_BYTES) {
                throw malformed("a part's headers are longer than " + MAX_HEADER_BYTES + " bytes");
            }
            String line = utf8(buf, pos, length);
            pos = lineEnd + 2;
            if (line.isEmpty()) {
                return headers;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                headers.put(last, headers.get(last) + " " + line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("a part header without a name: '" + line + "'");
            }
            last = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.put(last, line.substring(colon + 1).trim());
        }
    }

    private int readBody(Part part, byte[] b, int off, int len) throws IOException {
        if (part != current || part.ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            int at = indexOfDelimiter();
            int available;
            if (at >= 0) {
                available = at - pos;
                if (available == 0) {
                    part.ended = true;
                    return -1;
                }
            } else {
                available = end - pos - (delimiter.length - 1);
            }
            if (available > 0) {
                int n = Math.min(available, len);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
            if (!fillMore()) {
                throw malformed("the body ends inside a part, before its closing boundary");
            }
        }
    }

    /** Makes at least {@code n} bytes available from {@code pos}; false at the end of the body. */
    private boolean fill(int n) throws IOException {
        while (end - pos < n) {
            if (!fillMore()) {
                return false;
            }
        }
        return true;
    }

    /** Reads more of the body after what is buffered, compacting first; false at the end of the body. */
    private boolean fillMore() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        if (end == buf.length) {
            throw new IllegalStateException("multipart buffer full");
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
            return false;
        }
        end += n;
        return true;
    }

    private int indexOfDelimiter() {
        byte first = delimiter[0];
        int last = end - delimiter.length;
        outer:
        for (int i = pos; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private int indexOfCrlf() {
        for (int i = pos; i < end - 1; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String utf8(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("a part header is not valid UTF-8");
        }
    }

    private static ApiProblem malformed(String detail) {
        return ApiProblem.badRequest("malformed multipart/form-data body: " + detail);
    }

    /** Parameters of a header value such as {@code form-data; name="f"; filename="a.txt"} (RFC 7231, RFC 8187). */
    static final class HeaderParameters {

        private HeaderParameters() {}

        /** Puts each {@code name=value} parameter into {@code params} (names lower-cased) and returns the value before them. */
        static String parse(String header, Map<String, String> params) {
            int semi = indexOutsideQuotes(header, 0);
            String value = header.substring(0, semi).trim();
            int i = semi;
            while (i < header.length()) {
                i++;
                int eq = header.indexOf('=', i);
                int next = indexOutsideQuotes(header, i);
                if (eq < 0 || eq > next) {
                    i = next;
                    continue;
                }
                String name = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
                String raw = header.substring(eq + 1, next).trim();
                if (raw.startsWith("\"")) {
                    raw = unquote(raw);
                }
                if (name.endsWith("*")) {
                    String decoded = extValue(raw);
                    if (decoded != null) {
                        params.put(name, decoded);
                    }
                } else {
                    params.put(name, raw);
                }
                i = next;
            }
            return value;
        }

        private static int indexOutsideQuotes(String s, int from) {
            boolean quoted = false;
            for (int i = from; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quoted && c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ';' && !quoted) {
                    return i;
                }
            }
            return s.length();
        }

        private static String unquote(String quoted) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < quoted.length(); i++) {
                char c = quoted.charAt(i);
                if (c == '\\' && i + 1 < quoted.length()) {
                    sb.append(quoted.charAt(++i));
                } else if (c == '"') {
                    break;
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }

        /** An RFC 8187 ext-value ({@code UTF-8''a%C3%A9.txt}); {@code null} when malformed or in another charset. */
        private static String extValue(String ext) {
            int q1 = ext.indexOf('\'');
            int q2 = q1 < 0 ? -1 : ext.indexOf('\'', q1 + 1);
            if (q2 < 0) {
                return null;
            }
            Charset charset;
            String name = ext.substring(0, q1);
            if (name.equalsIgnoreCase("UTF-8")) {
                charset = StandardCharsets.UTF_8;
            } else if (name.equalsIgnoreCase("ISO-8859-1")) {
                charset = StandardCharsets.ISO_8859_1;
            } else {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            String encoded = ext.substring(q2 + 1);
            for (int i = 0; i < encoded.length(); i++) {
                char c = encoded.charAt(i);
                if (c == '%') {
                    if (i + 2 >= encoded.length()) {
                        return null;
                    }
                    int hi = Character.digit(encoded.charAt(i + 1), 16);
                    int lo = Character.digit(encoded.charAt(i + 2), 16);
                    if (hi < 0 || lo < 0) {
                        return null;
                    }
                    bytes.write(hi * 16 + lo);
                    i += 2;
                } else if (c < 0x80) {
                    bytes.write(c);
                } else {
                    return null;
                }
            }
            try {
                return charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.toByteArray()))
                        .toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }
}
