package io.bitquark.protocol.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ScrapeQueryParserTest {

    private final ScrapeQueryParser parser = ScrapeQueryParser.withDefaults();

    @Test
    void readsSeveralInfoHashesInOrder() throws TrackerRequestException {
        ScrapeRequest request = parser.parse(
                "info_hash=" + AnnounceQueryParserTest.INFO_HASH + "&passkey=abc&info_hash=" + "%AA".repeat(20));

        assertThat(request.infoHashes()).hasSize(2);
        assertThat(HexFormat.of().formatHex(request.infoHashes().get(0)))
                .isEqualTo("123456789abcdef123456789abcdef123456789a");
        assertThat(request.infoHashes().get(1)).containsOnly((byte) 0xAA);
    }

    @Test
    void treatsNoInfoHashAsAFullScrape() throws TrackerRequestException {
        assertThat(parser.parse("").isFullScrape()).isTrue();
    }

    @Test
    void refusesAnInfoHashThatIsNot20Bytes() {
        TrackerRequestException e = assertThrows(TrackerRequestException.class, () -> parser.parse("info_hash=abc"));

        assertThat(e.failureReason()).isEqualTo("invalid info_hash: expected 20 bytes, got 3");
    }

    @Test
    void refusesMoreInfoHashesThanConfigured() throws TrackerRequestException {
        ScrapeQueryParser two = new ScrapeQueryParser(4096, 2);
        String one = "info_hash=" + "%AA".repeat(20);

        assertThat(two.parse(one + "&" + one).infoHashes()).hasSize(2);
        TrackerRequestException e =
                assertThrows(TrackerRequestException.class, () -> two.parse(one + "&" + one + "&" + one));
        assertThat(e.failureReason()).isEqualTo("more than 2 info_hash values");
    }

    @Test
    void refusesAQueryLongerThanTheLimit() {
        ScrapeQueryParser tight = new ScrapeQueryParser(10, 74);

        assertThrows(TrackerRequestException.class, () -> tight.parse("info_hash=x"));
    }
}
