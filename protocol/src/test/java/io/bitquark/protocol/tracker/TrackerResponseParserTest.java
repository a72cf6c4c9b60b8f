package io.bitquark.protocol.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrackerResponseParserTest {

    static final Peer V4 = Peer.of(new byte[] {10, 0, 0, 1}, 6881);
    static final byte[] V6_ADDRESS = Bytes.hex("20010db8000000000000000000000001");

    @Test
    void readsACompactResponseWithPeers6() throws TrackerResponseException {
        byte[] body = Bytes.of(
                "d8:completei5e10:incompletei3e8:intervali1800e12:min intervali900e",
                "5:peers12:",
                Bytes.hex("0a000001 1ae1 c0a80102 0050"),
                "6:peers618:",
                V6_ADDRESS,
                Bytes.hex("1ae1"),
                "10:tracker id3:xyz15:warning message4:slowe");

        AnnounceResponse response = (AnnounceResponse) TrackerResponseParser.parseAnnounce(body);

        assertThat(response.interval()).isEqualTo(1800);
        assertThat(response.minInterval()).isEqualTo(OptionalInt.of(900));
        assertThat(response.complete()).isEqualTo(OptionalInt.of(5));
        assertThat(response.incomplete()).isEqualTo(OptionalInt.of(3));
        assertThat(response.trackerId()).contains("xyz");
        assertThat(response.warningMessage()).contains("slow");
        assertThat(response.peers())
                .containsExactly(V4, Peer.of(new byte[] {(byte) 192, (byte) 168, 1, 2}, 80), Peer.of(V6_ADDRESS, 6881));
    }

    @Test
    void readsTheDictionaryFormWithAndWithoutPeerIds() throws TrackerResponseException {
        byte[] body = Bytes.of(
                "d8:intervali60e5:peersl",
                "d2:ip8:10.0.0.17:peer id20:-BQ0100-abcdefghijkl4:porti6881ee",
                "d2:ip11:2001:db8::14:porti6881ee",
                "d2:ip13:[2001:db8::1]4:porti1ee",
                "ee");

        AnnounceResponse response = (AnnounceResponse) TrackerResponseParser.parseAnnounce(body);

        assertThat(response.peers())
                .containsExactly(
                        V4.withPeerId(TrackerResponseEncoderTest.PEER_ID),
                        Peer.of(V6_ADDRESS, 6881),
                        Peer.of(V6_ADDRESS, 1));
    }

    @Test
    void skipsDictionaryPeersItCannotUseWithoutResolvingNames() throws TrackerResponseException {
        byte[] body = Bytes.of(
                "d8:intervali60e5:peersl",
                "d2:ip11:example.com4:porti1ee",
                "d2:ip9:deadbeef:4:porti1ee",
                "d2:ip5:1.2.34:porti1ee",
                "d2:ip9:1.2.3.2564:porti1ee",
                "d2:ip8:10.0.0.14:porti70000ee",
                "d2:ip8:10.0.0.1e",
                "i7e",
                "d2:ip8:10.0.0.14:porti6881e7:peer id3:abce",
                "ee");

        AnnounceResponse response = (AnnounceResponse) TrackerResponseParser.parseAnnounce(body);

        assertThat(response.peers()).containsExactly(V4);
    }

    @Test
    void readsAFailureAsATypedResult() throws TrackerResponseException {
        AnnounceResult result =
                TrackerResponseParser.parseAnnounce(Bytes.of("d14:failure reason9:not found8:retry ini5ee"));

        assertThat(result).isEqualTo(TrackerFailure.retryIn("not found", 5));
        assertThat(TrackerResponseParser.parseAnnounce(Bytes.of("d14:failure reason2:no8:retry in5:nevere")))
                .isEqualTo(TrackerFailure.neverRetry("no"));
        assertThat(TrackerResponseParser.parseScrape(Bytes.of("d14:failure reason2:noe")))
                .isEqualTo(TrackerFailure.of("no"));
    }

    @Test
    void toleratesUnsortedKeysAndTrailingBytes() throws TrackerResponseException {
        AnnounceResult result =
                TrackerResponseParser.parseAnnounce(Bytes.of("d8:intervali30e5:peers0:8:completei1eeXX"));

        assertThat(result)
                .isEqualTo(new AnnounceResponse(
                        30,
                        OptionalInt.empty(),
                        OptionalInt.of(1),
                        OptionalInt.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of()));
    }

    @Test
    void refusesWhatIsNotAnAnnounceResponse() {
        assertThrows(TrackerResponseException.class, () -> TrackerResponseParser.parseAnnounce(Bytes.of("<html>")));
        assertThrows(TrackerResponseException.class, () -> TrackerResponseParser.parseAnnounce(Bytes.of("li1ee")));
        assertThrows(
                TrackerResponseException.class, () -> TrackerResponseParser.parseAnnounce(Bytes.of("d5:peers0:e")));
        assertThrows(
                TrackerResponseException.class,
                () -> TrackerResponseParser.parseAnnounce(Bytes.of("d8:intervali-1ee")));
        assertThrows(TrackerResponseException.class, () -> TrackerResponseParser.parseScrape(Bytes.of("de")));
    }

    @Test
    void readsAScrapeResponseSkippingKeysThatAreNotInfoHashes() throws TrackerResponseException {
        byte[] hash = Bytes.hex("123456789abcdef123456789abcdef123456789a");
        byte[] body = Bytes.of(
                "d5:filesd3:abcd8:completei1ee20:",
                hash,
                "d8:completei5e10:downloadedi9e10:incompletei3e4:name3:fooeee");

        ScrapeResult result = TrackerResponseParser.parseScrape(body);

        assertThat(result).isEqualTo(new ScrapeResponse(List.of(new ScrapeStats(hash, 5, 9, 3, Optional.of("foo")))));
    }

    @Test
    void readsBackWhatTheEncoderWritesInEveryFormat() throws TrackerResponseException {
        Random random = new Random(42);
        for (int round = 0; round < 100; round++) {
            List<Peer> peers = new ArrayList<>();
            for (int i = random.nextInt(10); i > 0; i--) {
                byte[] address = new byte[random.nextBoolean() ? 4 : 16];
                random.nextBytes(address);
                byte[] peerId = new byte[20];
                random.nextBytes(peerId);
                peers.add(Peer.of(address, random.nextInt(65536)).withPeerId(peerId));
            }
            AnnounceResponse.Builder b = AnnounceResponse.builder(random.nextInt(Integer.MAX_VALUE))
                    .peers(peers)
                    .complete(random.nextInt(1000))
                    .incomplete(random.nextInt(1000));
            if (random.nextBoolean()) {
                b.minInterval(random.nextInt(3600))
                        .trackerId("t" + random.nextInt())
                        .warningMessage("w\u00e9");
            }
            AnnounceResponse response = b.build();
            List<Peer> withoutIds = peers.stream().map(Peer::withoutPeerId).toList();

            assertThat(TrackerResponseParser.parseAnnounce(
                            TrackerResponseEncoder.encode(response, PeerListFormat.DICTIONARY)))
                    .isEqualTo(response);
            assertThat(TrackerResponseParser.parseAnnounce(
                            TrackerResponseEncoder.encode(response, PeerListFormat.DICTIONARY_WITHOUT_PEER_ID)))
                    .isEqualTo(withPeers(response, withoutIds));
            List<Peer> compactOrder = new ArrayList<>(withoutIds.stream()
                    .filter(p -> p.family() == AddressFamily.IPV4)
                    .toList());
            compactOrder.addAll(withoutIds.stream()
                    .filter(p -> p.family() == AddressFamily.IPV6)
                    .toList());
            assertThat(TrackerResponseParser.parseAnnounce(
                            TrackerResponseEncoder.encode(response, PeerListFormat.COMPACT)))
                    .isEqualTo(withPeers(response, compactOrder));
        }
    }

    private static AnnounceResponse withPeers(AnnounceResponse r, List<Peer> peers) {
        return new AnnounceResponse(
                r.interval(), r.minInterval(), r.complete(), r.incomplete(), r.trackerId(), r.warningMessage(), peers);
    }
}
