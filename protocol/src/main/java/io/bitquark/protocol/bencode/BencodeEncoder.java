package io.bitquark.protocol.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes values as canonical bencode (BEP 3): dictionary keys sorted by their raw bytes, integers in
 * shortest decimal form. {@link BRaw} values are written verbatim.
 */
public final class BencodeEncoder {

    private BencodeEncoder() {}

    public static byte[] encode(BValue value) {
        Out out = new Out();
        write(value, out);
        return out.toByteArray();
    }

    private static void write(BValue value, Out out) {
        if (value instanceof BInteger i) {
            out.write('i');
            out.ascii(Long.toString(i.value()));
            out.write('e');
        } else if (value instanceof BString s) {
            byte[] b = s.unsafeBytes();
            out.ascii(Integer.toString(b.length));
            out.write(':');
            out.write(b, 0, b.length);
        } else if (value instanceof BList l) {
            out.write('l');
            for (BValue v : l.values()) {
                write(v, out);
            }
            out.write('e');
        } else if (value instanceof BDictionary d) {
            out.write('d');
            List<Map.Entry<BString, BValue>> sorted =
                    new ArrayList<>(d.entries().entrySet());
            sorted.sort(Map.Entry.comparingByKey());
            for (Map.Entry<BString, BValue> e : sorted) {
                write(e.getKey(), out);
                write(e.getValue(), out);
            }
            out.write('e');
        } else {
            byte[] b = ((BRaw) value).unsafeEncoded();
            out.write(b, 0, b.length);
        }
    }

    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(256);
        }

        void ascii(String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            write(b, 0, b.length);
        }
    }
}
