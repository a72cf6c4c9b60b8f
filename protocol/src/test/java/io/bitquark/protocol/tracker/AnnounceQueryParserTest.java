package io.bitquark.protocol.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnnounceQueryParserTest {

    /** BEP 3's example hash 123456789abcdef123456789abcdef123456789a, escaped the way real clients do it. */
    static final String INFO_HASH = "%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A";

    static final String PEER_ID = "-BQ0100-abcdefghijkl";
    static final String REQUIRED =
            "info_hash=" + INFO_HASH + "&peer_id=" + PEER_ID + "&port=6881&uploaded=0&downloaded=0&left=1024";

    private final AnnounceQueryParser parser = AnnounceQueryParser.withDefaults();

    @Test
    void percentDecodesABinaryInfoHashToExactly20Bytes() throws TrackerRequestException {
        AnnounceRequest request = parser.parse(REQUIRED);

        assertThat(HexFormat.of().formatHex(request.infoHash())).isEqualTo("123456789abcdef123456789abcdef123456789a");
        assertThat(request.peerId()).isEqualTo(PEER_ID.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void acceptsLowerCaseHexEscapes() throws TrackerRequestException {
        AnnounceRequest request =
                parser.parse(REQUIRED.replace(INFO_HASH, "%124Vx%9a%bc%de%f1%23Eg%89%ab%cd%ef%124Vx%9a"));

        assertThat(HexFormat.of().formatHex(request.infoHash())).isEqualTo("123456789abcdef123456789abcdef123456789a");
    }

    @Test
    void readsEveryBep3FieldWithDefaultsWhenOptionalOnesAreAbsent() throws TrackerRequestException {
        AnnounceRequest request = parser.parse(REQUIRED);

        assertThat(request.port()).isEqualTo(6881);
        assertThat(request.uploaded()).isZero();
        assertThat(request.downloaded()).isZero();
        assertThat(request.left()).isEqualTo(1024);
        assertThat(request.event()).isEqualTo(AnnounceEvent.NONE);
        assertThat(request.compact()).isEmpty();
        assertThat(request.noPeerId()).isFalse();
        assertThat(request.numWant()).isEmpty();
        assertThat(request.key()).isEmpty();
        assertThat(request.trackerId()).isEmpty();
        assertThat(request.ip()).isEmpty();
        assertThat(request.ipv4()).isEmpty();
        assertThat(request.ipv6()).isEmpty();
    }

    @Test
    void readsTheOptionalFields() throws TrackerRequestException {
        AnnounceRequest request = parser.parse("?" + REQUIRED + "&event=started&compact=1&no_peer_id=1&numwant=80"
                + "&key=A1B2C3D4&trackerid=t%20id&ip=10.0.0.1&ipv4=10.0.0.1%3A6881&ipv6=%5B2001%3Adb8%3A%3A1%5D%3A6881"
                + "&passkey=ignored&supportcrypto=1");

        assertThat(request.event()).isEqualTo(AnnounceEvent.STARTED);
        assertThat(request.compact()).contains(true);
        assertThat(request.noPeerId()).isTrue();
        assertThat(request.numWant()).isEqualTo(OptionalInt.of(80));
        assertThat(request.key()).contains("A1B2C3D4");
        assertThat(request.trackerId()).contains("t id");
        assertThat(request.ip()).contains("10.0.0.1");
        assertThat(request.ipv4()).contains("10.0.0.1:6881");
        assertThat(request.ipv6()).contains("[2001:db8::1]:6881");
    }

    @Test
    void readsEveryEventIncludingPausedAndTheEmptyOne() throws TrackerRequestException {
        assertThat(parser.parse(REQUIRED + "&event=completed").event()).isEqualTo(AnnounceEvent.COMPLETED);
        assertThat(parser.parse(REQUIRED + "&event=stopped").event()).isEqualTo(AnnounceEvent.STOPPED);
        assertThat(parser.parse(REQUIRED + "&event=paused").event()).isEqualTo(AnnounceEvent.PAUSED);
        assertThat(parser.parse(REQUIRED + "&event=").event()).isEqualTo(AnnounceEvent.NONE);
    }

    @Test
    void takesPlusAsASpaceInTextButAsTheByte2BInBinaryValues() throws TrackerRequestException {
        String hash = "%12%34%56%78%9A%BC%DE%F1%23%45%67%89%AB%CD%EF%12%34%56%78+";
        AnnounceRequest request = parser.parse(REQUIRED.replace(INFO_HASH, hash) + "&key=a+b");

        assertThat(request.infoHash()[19]).isEqualTo((byte) 0x2B);
        assertThat(request.key()).contains("a b");
    }

    @Test
    void acceptsRawUnreservedAndSubDelimiterBytesInBinaryValues() throws TrackerRequestException {
        String peerId = "-qB4250-a.b_c~d!*()x";
        AnnounceRequest request = parser.parse(REQUIRED.replace(PEER_ID, peerId));

        assertThat(new String(request.peerId(), StandardCharsets.US_ASCII)).isEqualTo(peerId);
    }

    @Test
    void leavesALargeNumwantToTheTrackerSaturatingBeyondInt() throws TrackerRequestException {
        assertThat(parser.parse(REQUIRED + "&numwant=5000").numWant()).isEqualTo(OptionalInt.of(5000));
        assertThat(parser.parse(REQUIRED + "&numwant=99999999999999999999999").numWant())
                .isEqualTo(OptionalInt.of(Integer.MAX_VALUE));
    }

    @Test
    void acceptsTheLargestCounters() throws TrackerRequestException {
        AnnounceRequest request = parser.parse(REQUIRED.replace("left=1024", "left=" + Long.MAX_VALUE));

        assertThat(request.left()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void ignoresUnknownParametersEvenWhenRepeated() throws TrackerRequestException {
        AnnounceRequest request = parser.parse(REQUIRED + "&corrupt=0&corrupt=1&&redundant=0");

        assertThat(request.port()).isEqualTo(6881);
    }

    @Test
    void parsesTheRawBytesOfARequestLine() throws TrackerRequestException {
        assertThat(parser.parse(REQUIRED.getBytes(StandardCharsets.US_ASCII))).isEqualTo(parser.parse(REQUIRED));
    }

    @Test
    void honoursAConfiguredQueryLengthLimit() throws TrackerRequestException {
        AnnounceQueryParser tight = new AnnounceQueryParser(REQUIRED.length());

        assertThat(tight.parse(REQUIRED).port()).isEqualTo(6881);
        TrackerRequestException e = assertThrows(TrackerRequestException.class, () -> tight.parse(REQUIRED + "&"));
        assertThat(e.failureReason()).contains("longer than " + REQUIRED.length());
    }

    static Stream<Arguments> badQueries() {
        String shortHash = "%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx";
        return Stream.of(
                Arguments.of(
                        "missing info_hash", REQUIRED.replace("info_hash=" + INFO_HASH + "&", ""), "missing info_hash"),
                Arguments.of(
                        "19-byte info_hash",
                        REQUIRED.replace(INFO_HASH, shortHash),
                        "invalid info_hash: expected 20 bytes, got 19"),
                Arguments.of(
                        "21-byte info_hash",
                        REQUIRED.replace(INFO_HASH, INFO_HASH + "A"),
                        "invalid info_hash: expected 20 bytes, got 21"),
                Arguments.of("missing peer_id", REQUIRED.replace("peer_id=" + PEER_ID + "&", ""), "missing peer_id"),
                Arguments.of(
                        "short peer_id",
                        REQUIRED.replace(PEER_ID, "-BQ0100-"),
                        "invalid peer_id: expected 20 bytes, got 8"),
                Arguments.of("missing port", REQUIRED.replace("port=6881&", ""), "missing port"),
                Arguments.of("port 0", REQUIRED.replace("port=6881", "port=0"), "port must be between 1 and 65535"),
                Arguments.of(
                        "port 65536", REQUIRED.replace("port=6881", "port=65536"), "port must be between 1 and 65535"),
                Arguments.of(
                        "negative port",
                        REQUIRED.replace("port=6881", "port=-1"),
                        "port must be a non-negative decimal number"),
                Arguments.of("empty port", REQUIRED.replace("port=6881", "port="), "port is empty"),
                Arguments.of(
                        "negative uploaded",
                        REQUIRED.replace("uploaded=0", "uploaded=-5"),
                        "uploaded must be a non-negative decimal number"),
                Arguments.of(
                        "non-numeric downloaded",
                        REQUIRED.replace("downloaded=0", "downloaded=lots"),
                        "downloaded must be a non-negative decimal number"),
                Arguments.of(
                        "fractional left",
                        REQUIRED.replace("left=1024", "left=1.5"),
                        "left must be a non-negative decimal number"),
                Arguments.of(
                        "left beyond 64 bits",
                        REQUIRED.replace("left=1024", "left=9223372036854775808"),
                        "left is too large"),
                Arguments.of("missing left", REQUIRED.replace("&left=1024", ""), "missing left"),
                Arguments.of(
                        "negative numwant", REQUIRED + "&numwant=-1", "numwant must be a non-negative decimal number"),
                Arguments.of(
                        "non-numeric numwant",
                        REQUIRED + "&numwant=ten",
                        "numwant must be a non-negative decimal number"),
                Arguments.of("unknown event", REQUIRED + "&event=finished", "unknown event finished"),
                Arguments.of("event in upper case", REQUIRED + "&event=STARTED", "unknown event STARTED"),
                Arguments.of("compact neither 0 nor 1", REQUIRED + "&compact=yes", "compact must be 0 or 1"),
                Arguments.of("no_peer_id neither 0 nor 1", REQUIRED + "&no_peer_id=2", "no_peer_id must be 0 or 1"),
                Arguments.of(
                        "truncated escape",
                        REQUIRED.replace(INFO_HASH, INFO_HASH.substring(0, INFO_HASH.length() - 1)),
                        "malformed percent-encoding in info_hash"),
                Arguments.of("escape at the end", REQUIRED + "&key=%", "malformed percent-encoding in key"),
                Arguments.of(
                        "non-hex escape",
                        REQUIRED.replace(PEER_ID, "%G1" + PEER_ID.substring(1)),
                        "malformed percent-encoding in peer_id"),
                Arguments.of("raw space", REQUIRED + "&key=a b", "character that must be percent-encoded"),
                Arguments.of("raw non-ASCII", REQUIRED + "&key=\u00e9", "character that must be percent-encoded"),
                Arguments.of("raw control character", REQUIRED + "&key=\n", "character that must be percent-encoded"),
                Arguments.of(
                        "duplicate info_hash", REQUIRED + "&info_hash=" + INFO_HASH, "duplicate parameter info_hash"),
                Arguments.of("duplicate port", REQUIRED + "&port=6882", "duplicate parameter port"),
                Arguments.of("duplicate event", REQUIRED + "&event=started&event=stopped", "duplicate parameter event"),
                Arguments.of(
                        "query longer than the limit",
                        REQUIRED + "&x=" + "a".repeat(AnnounceQueryParser.DEFAULT_MAX_QUERY_LENGTH),
                        "longer than 4096"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQueries")
    void refusesABadQueryWithAFailureReason(String description, String query, String reason) {
        TrackerRequestException e = assertThrows(TrackerRequestException.class, () -> parser.parse(query));

        assertThat(e.failureReason()).contains(reason);
        assertThat(e.failureReason()).hasSizeLessThan(100).matches("[\\x20-\\x7e]+");
    }

    @Test
    void echoesOnlyAShortSanitisedFragmentOfAnUnknownEvent() {
        TrackerRequestException e = assertThrows(
                TrackerRequestException.class, () -> parser.parse(REQUIRED + "&event=%00" + "x".repeat(200)));

        assertThat(e.failureReason())
                .startsWith("unknown event ?xxx")
                .endsWith("...")
                .hasSizeLessThan(60);
    }

    @Test
    void keepsOpaqueTokensByteForByte() throws TrackerRequestException {
        AnnounceRequest request = parser.parse(REQUIRED + "&key=%FF%00%80");

        assertThat(request.key()).isEqualTo(Optional.of("\u00ff\u0000\u0080"));
    }
}
