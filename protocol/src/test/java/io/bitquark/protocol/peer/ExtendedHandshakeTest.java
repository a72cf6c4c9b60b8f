package io.bitquark.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bitquark.protocol.bencode.BInteger;
import io.bitquark.protocol.bencode.BString;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExtendedHandshakeTest {

    @Test
    void encodesACanonicalDictionary() {
        ExtendedHandshake handshake = ExtendedHandshake.builder()
                .extension("ut_pex", 1)
                .extension("ut_metadata", 3)
                .client("BitQuark 0.1.0")
                .port(6881)
                .requestQueueLength(250)
                .yourIp(new byte[] {10, 0, 0, 7})
                .metadataSize(31235)
                .build();
        assertThat(ascii(handshake.encode()))
                .isEqualTo("d1:md11:ut_metadatai3e6:ut_pexi1ee13:metadata_sizei31235e"
                        + "1:pi6881e4:reqqi250e1:v14:BitQuark 0.1.06:yourip4:\n\0\0\7e");
    }

    @Test
    void decodesWhatItEncodes() throws PeerWireException, UnknownHostException {
        ExtendedHandshake handshake = ExtendedHandshake.builder()
                .extension("ut_metadata", 2)
                .client("qBittorrent/4.2.5")
                .yourIp(InetAddress.getByName("2001:db8::1"))
                .metadataSize(1 << 20)
                .extra("upload_only", BInteger.of(1))
                .build();
        ExtendedHandshake decoded = ExtendedHandshake.decode(handshake.encode());
        assertThat(decoded).isEqualTo(handshake);
        assertThat(decoded.extensionId("ut_metadata")).hasValue(2);
        assertThat(decoded.yourIp()).contains(InetAddress.getByName("2001:db8::1"));
        assertThat(decoded.metadataSize()).hasValue(1 << 20);
        assertThat(decoded.port()).isEmpty();
    }

    @Test
    void decodesLenientlyAndKeepsUnknownKeys() throws PeerWireException {
        byte[] payload = ascii("d1:v12:Transmission1:md6:ut_pexi1e11:ut_metadatai3e11:lt_donthavei7ee"
                + "1:ei1e12:complete_agoi-1e1:pi51413ee");
        ExtendedHandshake decoded = ExtendedHandshake.decode(payload);
        assertThat(decoded.client()).contains("Transmission");
        assertThat(decoded.extensions())
                .containsEntry("ut_pex", 1)
                .containsEntry("ut_metadata", 3)
                .containsEntry("lt_donthave", 7);
        assertThat(decoded.port()).hasValue(51413);
        assertThat(decoded.extra().keys()).containsExactly(BString.of("e"), BString.of("complete_ago"));
        assertThat(ascii(decoded.encode())).contains("12:complete_agoi-1e").contains("1:ei1e");
    }

    @Test
    void dropsKnownKeysWithAWrongTypeOrRange() throws PeerWireException {
        ExtendedHandshake decoded = ExtendedHandshake.decode(
                ascii("d1:md11:ut_metadata3:abc6:ut_pexi300e7:lt_tex_i5ee1:p4:68814:reqqi-1e1:vi5e6:yourip3:abc"
                        + "13:metadata_sizei-5ee"));
        assertThat(decoded.extensions()).containsOnlyKeys("lt_tex_");
        assertThat(decoded.port()).isEmpty();
        assertThat(decoded.requestQueueLength()).isEmpty();
        assertThat(decoded.client()).isEmpty();
        assertThat(decoded.yourIpBytes()).isEmpty();
        assertThat(decoded.metadataSize()).isEmpty();
        assertThat(decoded.extra().size()).isZero();
    }

    @Test
    void anExtensionWithIdZeroIsDisabled() throws PeerWireException {
        ExtendedHandshake decoded = ExtendedHandshake.decode(ascii("d1:md11:ut_metadatai0eee"));
        assertThat(decoded.extensions()).containsEntry("ut_metadata", 0);
        assertThat(decoded.extensionId("ut_metadata")).isEmpty();
        assertThat(decoded.extensionId("ut_pex")).isEmpty();
    }

    @Test
    void travelsAsExtendedMessageZero() throws PeerWireException {
        ExtendedHandshake handshake =
                ExtendedHandshake.builder().extension("ut_metadata", 1).build();
        PeerMessage.Extended message = handshake.toMessage();
        assertThat(message.extendedId()).isZero();
        assertThat(ExtendedHandshake.decode(message)).isEqualTo(handshake);
        assertThrows(
                PeerWireException.class,
                () -> ExtendedHandshake.decode(new PeerMessage.Extended(3, message.payload())));
    }

    @Test
    void refusesAPayloadThatIsNotABencodedDictionary() {
        assertThrows(PeerWireException.class, () -> ExtendedHandshake.decode(ascii("li1ee")));
        assertThrows(PeerWireException.class, () -> ExtendedHandshake.decode(ascii("d1:m")));
        assertThrows(PeerWireException.class, () -> ExtendedHandshake.decode(new byte[0]));
    }

    @Test
    void builderRefusesInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> ExtendedHandshake.builder()
                .extension("x", 256));
        assertThrows(IllegalArgumentException.class, () -> ExtendedHandshake.builder()
                .port(0));
        assertThrows(IllegalArgumentException.class, () -> ExtendedHandshake.builder()
                .yourIp(new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> ExtendedHandshake.builder()
                .extra("m", BInteger.of(1)));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
