package io.bitquark.protocol.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackerUrlsTest {

    static final byte[] INFO_HASH = Bytes.hex("123456789abcdef123456789abcdef123456789a");
    static final byte[] PEER_ID = "-BQ0100-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);

    @Test
    void percentEncodesBinaryValuesByteByByte() {
        AnnounceRequest request = AnnounceRequest.builder(INFO_HASH, PEER_ID, 6881)
                .left(1024)
                .event(AnnounceEvent.STARTED)
                .compact(true)
                .numWant(50)
                .key("A1 B2")
                .build();

        assertThat(TrackerUrls.announce("http://tracker.example/announce", request))
                .isEqualTo("http://tracker.example/announce?info_hash=%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A"
                        + "&peer_id=-BQ0100-abcdefghijkl&port=6881&uploaded=0&downloaded=0&left=1024"
                        + "&event=started&compact=1&numwant=50&key=A1%20B2");
    }

    @Test
    void appendsToABaseUrlThatAlreadyHasAQuery() {
        AnnounceRequest request =
                AnnounceRequest.builder(INFO_HASH, PEER_ID, 6881).build();

        assertThat(TrackerUrls.announce("https://t.example/announce.php?passkey=abc", request))
                .startsWith("https://t.example/announce.php?passkey=abc&info_hash=%124Vx");
        assertThat(TrackerUrls.announce("https://t.example/a?pk=1&", request))
                .startsWith("https://t.example/a?pk=1&info_hash=");
        assertThat(TrackerUrls.announce("https://t.example/a?", request)).startsWith("https://t.example/a?info_hash=");
        assertThat(TrackerUrls.announce("https://t.example/a#frag", request))
                .startsWith("https://t.example/a?info_hash=")
                .doesNotContain("#");
    }

    @Test
    void buildsAnnounceUrlsTheServerParsesBackUnchanged() throws TrackerRequestException {
        Random random = new Random(7);
        AnnounceQueryParser parser = AnnounceQueryParser.withDefaults();
        for (int round = 0; round < 300; round++) {
            byte[] infoHash = new byte[20];
            byte[] peerId = new byte[20];
            random.nextBytes(infoHash);
            random.nextBytes(peerId);
            AnnounceRequest.Builder b = AnnounceRequest.builder(infoHash, peerId, 1 + random.nextInt(65535))
                    .uploaded(random.nextLong() & Long.MAX_VALUE)
                    .downloaded(random.nextInt(Integer.MAX_VALUE))
                    .left(random.nextInt(Integer.MAX_VALUE))
                    .event(AnnounceEvent.values()[random.nextInt(AnnounceEvent.values().length)]);
            if (random.nextBoolean()) {
                b.compact(random.nextBoolean())
                        .noPeerId(true)
                        .numWant(random.nextInt(1000))
                        .key(latin1(random))
                        .trackerId(latin1(random))
                        .ip("10.0.0.1")
                        .ipv4("10.0.0.1:6881")
                        .ipv6("[2001:db8::1]:6881");
            }
            AnnounceRequest request = b.build();
            String url = TrackerUrls.announce("http://t.example/announce?passkey=p", request);

            assertThat(parser.parse(url.substring(url.indexOf('?') + 1))).isEqualTo(request);
        }
    }

    private static String latin1(Random random) {
        char[] chars = new char[random.nextInt(12)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) random.nextInt(256);
        }
        return new String(chars);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "none",
            value = {
                "http://example.com/announce,            http://example.com/scrape",
                "http://example.com/x/announce,          http://example.com/x/scrape",
                "http://example.com/announce.php,        http://example.com/scrape.php",
                "http://example.com/a,                   none",
                "http://example.com/announce?x2%0644,    http://example.com/scrape?x2%0644",
                "http://example.com/announce?x=2/4,      none",
                "http://example.com/x%064announce,       none"
            })
    void derivesTheScrapeUrlByTheBep48Convention(String announce, String scrape) {
        assertThat(TrackerUrls.scrapeUrl(announce).orElse(null)).isEqualTo(scrape);
    }

    @Test
    void buildsAScrapeUrlWithOneInfoHashParameterEach() throws TrackerRequestException {
        ScrapeRequest request = ScrapeRequest.of(List.of(INFO_HASH, new byte[20]));
        String url = TrackerUrls.scrape("http://t.example/scrape?pk=1", request);

        assertThat(url)
                .isEqualTo("http://t.example/scrape?pk=1&info_hash=%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A"
                        + "&info_hash=" + "%00".repeat(20));
        assertThat(ScrapeQueryParser.withDefaults().parse(url.substring(url.indexOf('?') + 1)))
                .isEqualTo(request);
    }
}
