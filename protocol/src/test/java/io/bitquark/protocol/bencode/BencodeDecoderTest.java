package io.bitquark.protocol.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BencodeDecoderTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static BValue strict(String s) throws BencodeException {
        return BencodeDecoder.strict().decodeValue(ascii(s));
    }

    @Test
    void decodesTheFourTypes() throws BencodeException {
        assertThat(strict("i42e")).isEqualTo(BInteger.of(42));
        assertThat(strict("i-7e")).isEqualTo(BInteger.of(-7));
        assertThat(strict("i0e")).isEqualTo(BInteger.of(0));
        assertThat(strict("4:spam")).isEqualTo(BString.of("spam"));
        assertThat(strict("0:")).isEqualTo(BString.of(""));
        assertThat(strict("l4:spami42ee")).isEqualTo(BList.of(BString.of("spam"), BInteger.of(42)));
        assertThat(strict("d3:cow3:moo4:spam4:eggse"))
                .isEqualTo(BDictionary.builder()
                        .put("cow", "moo")
                        .put("spam", "eggs")
                        .build());
    }

    @Test
    void decodesTheExtremesOf64BitIntegers() throws BencodeException {
        assertThat(strict("i9223372036854775807e")).isEqualTo(BInteger.of(Long.MAX_VALUE));
        assertThat(strict("i-9223372036854775808e")).isEqualTo(BInteger.of(Long.MIN_VALUE));
    }

    @Test
    void keepsByteStringsAsBytesNotText() throws BencodeException {
        byte[] input = {'3', ':', (byte) 0xff, 0x00, (byte) 0x80};
        BString s = (BString) BencodeDecoder.strict().decodeValue(input);
        assertThat(s.bytes()).containsExactly(0xff, 0x00, 0x80);
        assertThat(s.isValidUtf8()).isFalse();
    }

    @Test
    void remembersTheExactByteSpanOfNestedValues() throws BencodeException {
        byte[] input = ascii("d4:infod6:lengthi5eee");
        BDictionary root = (BDictionary) BencodeDecoder.strict().decodeValue(input);
        Span info = root.get("info").span();
        assertThat(new String(info.bytes(), StandardCharsets.ISO_8859_1)).isEqualTo("d6:lengthi5ee");
        assertThat(info.start()).isEqualTo(7);
        assertThat(root.span().length()).isEqualTo(input.length);
    }

    @ParameterizedTest(name = "strict refuses {0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "i03e            | leading zero | 1",
                "i-0e            | negative zero | 0",
                "i-03e           | leading zero | 2",
                "ie              | without digits | 0",
                "i-e             | without digits | 0",
                "i12             | end of input | 3",
                "i1x2e           | inside an integer | 2",
                "i9223372036854775808e | 64 bits | 0",
                "03:abc          | leading zero | 0",
                "5:abc           | past the end | 0",
                "99999999999999999999:a | beyond the end | 0",
                "l4:spam         | inside a list | 7",
                "d3:cowe         | has no value | 6",
                "di1e3:fooe      | not a byte string | 1",
                "d1:b1:x1:a1:ye  | out of order | 7",
                "d1:a1:x1:a1:ye  | duplicate | 7",
                "i1ei2e          | trailing | 3",
                "x               | unexpected byte | 0",
            })
    void strictModeRefusesMalformedInputNamingTheOffset(String input, String problem, int offset) {
        BencodeException e = assertThrows(BencodeException.class, () -> strict(input.trim()));
        assertThat(e.getMessage()).contains(problem.trim());
        assertThat(e.offset()).isEqualTo(offset);
        assertThat(e.getMessage()).endsWith("at offset " + offset);
    }

    @Test
    void refusesAnEmptyInput() {
        assertThrows(BencodeException.class, () -> BencodeDecoder.strict().decode(new byte[0]));
    }

    @Test
    void lenientModeReportsUnsortedKeysAndKeepsTheOriginalBytes() throws BencodeException {
        byte[] input = ascii("d1:b1:x1:a1:ye");
        Decoded decoded = BencodeDecoder.lenient().decode(input);
        assertThat(decoded.softErrors()).extracting(SoftError::kind).containsExactly(SoftError.Kind.UNSORTED_KEYS);
        BDictionary d = (BDictionary) decoded.root();
        assertThat(d.keys()).extracting(BString::utf8).containsExactly("b", "a");
        assertThat(d.span().bytes()).isEqualTo(input);
    }

    @Test
    void lenientModeReportsTrailingData() throws BencodeException {
        Decoded decoded = BencodeDecoder.lenient().decode(ascii("i1e\n\n"));
        assertThat(decoded.root()).isEqualTo(BInteger.of(1));
        assertThat(decoded.softErrors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(SoftError.Kind.TRAILING_DATA);
            assertThat(e.offset()).isEqualTo(3);
        });
    }

    @Test
    void lenientModeKeepsTheFirstOfDuplicateKeys() throws BencodeException {
        Decoded decoded = BencodeDecoder.lenient().decode(ascii("d1:a1:x1:a1:ye"));
        assertThat(((BDictionary) decoded.root()).getText("a")).isEqualTo("x");
        assertThat(decoded.softErrors()).extracting(SoftError::kind).containsExactly(SoftError.Kind.DUPLICATE_KEY);
    }

    @Test
    void lenientModeStillRefusesBrokenStructure() {
        assertThrows(BencodeException.class, () -> BencodeDecoder.lenient().decode(ascii("i03e")));
        assertThrows(BencodeException.class, () -> BencodeDecoder.lenient().decode(ascii("5:abc")));
        assertThrows(BencodeException.class, () -> BencodeDecoder.lenient().decode(ascii("l")));
    }

    @Test
    void refusesNestingDeeperThanTheLimit() throws BencodeException {
        byte[] deep = new byte[2 * 65];
        Arrays.fill(deep, 0, 65, (byte) 'l');
        Arrays.fill(deep, 65, 130, (byte) 'e');
        BencodeException e = assertThrows(
                BencodeException.class, () -> BencodeDecoder.strict().decode(deep));
        assertThat(e.getMessage()).contains("nesting deeper than 64");
        assertThat(e.offset()).isEqualTo(64);

        byte[] limit = Arrays.copyOfRange(deep, 1, 129);
        assertThat(BencodeDecoder.strict().decode(limit).root()).isInstanceOf(BList.class);
        assertThrows(BencodeException.class, () -> new BencodeDecoder(BencodeDecoder.Mode.STRICT, 8).decode(limit));
    }

    @Test
    void refusesAHugeLengthPrefixBeforeAllocating() {
        BencodeException e = assertThrows(BencodeException.class, () -> strict("2147483647:x"));
        assertThat(e.getMessage()).contains("beyond the end of input");
    }
}
