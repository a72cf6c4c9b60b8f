package io.bitquark.protocol.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrackerResponseEncoderTest {

    static final byte[] PEER_ID = "-BQ0100-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);
    static final Peer V4 = Peer.of(new byte[] {10, 0, 0, 1}, 6881).withPeerId(PEER_ID);
    static final Peer V6 = Peer.of(Bytes.hex("20010db8000000000000000000000001"), 6881);

    @Test
    void writesACompactAnnounceResponseWithSortedKeys() {
        AnnounceResponse response = AnnounceResponse.builder(1800)
                .minInterval(900)
                .complete(5)
                .incomplete(3)
                .trackerId("xyz")
                .warningMessage("slow")
                .peers(List.of(V4))
                .build();

        assertThat(TrackerResponseEncoder.encode(response, PeerListFormat.COMPACT))
                .isEqualTo(Bytes.of(
                        "d8:completei5e10:incompletei3e8:intervali1800e12:min intervali900e",
                        "5:peers6:",
                        Bytes.hex("0a000001 1ae1"),
                        "10:tracker id3:xyz15:warning message4:slowe"));
    }

    @Test
    void putsIpv6PeersInPeers6AndAlwaysWritesPeers() {
        AnnounceResponse response =
                AnnounceResponse.builder(60).peers(List.of(V6)).build();

        assertThat(TrackerResponseEncoder.encode(response, PeerListFormat.COMPACT))
                .isEqualTo(Bytes.of(
                        "d8:intervali60e5:peers0:6:peers618:",
                        Bytes.hex("20010db8000000000000000000000001 1ae1"),
                        "e"));
    }

    @Test
    void writesTheDictionaryFormWithPeerIds() {
        AnnounceResponse response =
                AnnounceResponse.builder(60).peers(List.of(V4, V6)).build();

        assertThat(new String(
                        TrackerResponseEncoder.encode(response, PeerListFormat.DICTIONARY),
                        StandardCharsets.ISO_8859_1))
                .isEqualTo("d8:intervali60e5:peersl"
                        + "d2:ip8:10.0.0.17:peer id20:-BQ0100-abcdefghijkl4:porti6881ee"
                        + "d2:ip20:2001:db8:0:0:0:0:0:14:porti6881ee"
                        + "ee");
    }

    @Test
    void omitsPeerIdsWhenTheClientAskedForNoPeerId() {
        AnnounceResponse response =
                AnnounceResponse.builder(60).peers(List.of(V4)).build();

        assertThat(new String(
                        TrackerResponseEncoder.encode(response, PeerListFormat.DICTIONARY_WITHOUT_PEER_ID),
                        StandardCharsets.ISO_8859_1))
                .isEqualTo("d8:intervali60e5:peersld2:ip8:10.0.0.14:porti6881eeee");
    }

    @Test
    void picksTheFormatTheRequestAskedFor() {
        AnnounceRequest.Builder b = AnnounceRequest.builder(new byte[20], PEER_ID, 6881);

        assertThat(PeerListFormat.requestedBy(b.build())).isEqualTo(PeerListFormat.COMPACT);
        assertThat(PeerListFormat.requestedBy(b.compact(false).build())).isEqualTo(PeerListFormat.DICTIONARY);
        assertThat(PeerListFormat.requestedBy(b.compact(false).noPeerId(true).build()))
                .isEqualTo(PeerListFormat.DICTIONARY_WITHOUT_PEER_ID);
    }

    @Test
    void writesAFailureWithOnlyItsReason() {
        assertThat(TrackerResponseEncoder.encode(TrackerFailure.of("unknown event")))
                .isEqualTo(Bytes.of("d14:failure reason13:unknown evente"));
    }

    @Test
    void writesAFailureWithRetryIn() {
        assertThat(TrackerResponseEncoder.encode(TrackerFailure.retryIn("overloaded", 30)))
                .isEqualTo(Bytes.of("d14:failure reason10:overloaded8:retry ini30ee"));
        assertThat(TrackerResponseEncoder.encode(TrackerFailure.neverRetry("banned")))
                .isEqualTo(Bytes.of("d14:failure reason6:banned8:retry in5:nevere"));
    }

    @Test
    void writesAScrapeResponseKeyedByRawInfoHash() {
        byte[] hash = Bytes.hex("123456789abcdef123456789abcdef123456789a");
        ScrapeResponse response = new ScrapeResponse(List.of(new ScrapeStats(hash, 5, 9, 3, Optional.of("foo"))));

        assertThat(TrackerResponseEncoder.encode(response))
                .isEqualTo(
                        Bytes.of("d5:filesd20:", hash, "d8:completei5e10:downloadedi9e10:incompletei3e4:name3:fooeee"));
    }
}
