package io.bitquark.protocol.bencode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BencodeEncoderTest {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void sortsDictionaryKeysByRawBytes() {
        BDictionary d = BDictionary.builder()
                .put(BString.of(new byte[] {(byte) 0xc3}), BInteger.of(3))
                .put("b", 2)
                .put("a", 1)
                .put("B", 0)
                .build();
        assertThat(text(BencodeEncoder.encode(d))).isEqualTo("d1:Bi0e1:ai1e1:bi2e1:\u00c3i3ee");
    }

    @Test
    void writesRawValuesVerbatim() {
        BDictionary d = BDictionary.builder()
                .put("info", new BRaw("d1:zi1e1:ai2ee".getBytes(StandardCharsets.US_ASCII)))
                .build();
        assertThat(text(BencodeEncoder.encode(d))).isEqualTo("d4:infod1:zi1e1:ai2eee");
    }

    @Test
    void roundTripsRandomValues() throws BencodeException {
        Random random = new Random(20261124L);
        for (int i = 0; i < 2_000; i++) {
            BValue value = randomValue(random, 0);
            byte[] encoded = BencodeEncoder.encode(value);
            Decoded decoded = BencodeDecoder.strict().decode(encoded);
            assertThat(decoded.root()).isEqualTo(value);
            assertThat(BencodeEncoder.encode(decoded.root())).isEqualTo(encoded);
        }
    }

    @Test
    void lenientDecodeOfUnsortedInputReencodesCanonically() throws BencodeException {
        BValue value = BencodeDecoder.lenient().decodeValue("d1:bi1e1:ai2ee".getBytes(StandardCharsets.US_ASCII));
        assertThat(text(BencodeEncoder.encode(value))).isEqualTo("d1:ai2e1:bi1ee");
    }

    static BValue randomValue(Random random, int depth) {
        int kind = depth >= 4 ? random.nextInt(2) : random.nextInt(4);
        switch (kind) {
            case 0:
                return BInteger.of(random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(1000) - 500);
            case 1: {
                byte[] b = new byte[random.nextInt(24)];
                random.nextBytes(b);
                return BString.of(b);
            }
            case 2: {
                List<BValue> values = new ArrayList<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    values.add(randomValue(random, depth + 1));
                }
                return BList.of(values);
            }
            default: {
                BDictionary.Builder b = BDictionary.builder();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    byte[] key = new byte[1 + random.nextInt(6)];
                    random.nextBytes(key);
                    b.put(BString.of(key), randomValue(random, depth + 1));
                }
                return b.build();
            }
        }
    }
}
