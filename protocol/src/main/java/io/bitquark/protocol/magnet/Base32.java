package io.bitquark.protocol.magnet;

/** RFC 4648 base32 (alphabet {@code A-Z2-7}, no padding), as used for 20-byte info-hashes in old magnets. */
final class Base32 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {}

    /** Decodes unpadded base32 whose length is a multiple of 8 characters; either letter case is accepted. */
    static byte[] decode(String text) throws MagnetException {
        if (text.length() % 8 != 0) {
            throw new MagnetException("bad base32: length " + text.length() + " is not a multiple of 8");
        }
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int value = c < 0x80 ? ALPHABET.indexOf(Character.toUpperCase(c)) : -1;
            if (value < 0) {
                throw new MagnetException("bad base32: '" + text.charAt(i) + "' at " + i + " is not in A-Z2-7");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >>> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        return out;
    }

    /** Encodes bytes whose count is a multiple of 5, so that no padding is needed. */
    static String encode(byte[] bytes) {
        if (bytes.length % 5 != 0) {
            throw new IllegalArgumentException("base32 without padding needs a multiple of 5 bytes");
        }
        StringBuilder out = new StringBuilder(bytes.length * 8 / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(ALPHABET.charAt((buffer >>> bits) & 31));
            }
            buffer &= (1 << bits) - 1;
        }
        return out.toString();
    }
}
