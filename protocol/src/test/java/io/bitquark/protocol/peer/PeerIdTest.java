package io.bitquark.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerIdTest {

    @ParameterizedTest(name = "{0} is {1} {2}")
    @CsvSource({
        "-qB4250-a1b2c3d4e5f6, qBittorrent, 4.2.5",
        "-lt0D60-a1b2c3d4e5f6, libTorrent (rakshasa), 0.13.6",
        "-TR4040-a1b2c3d4e5f6, Transmission, 4.0.4",
        "-AR1234-a1b2c3d4e5f6, Arctic, 1.2.3.4",
        "-UT355W-a1b2c3d4e5f6, µTorrent, 3.5.5.32",
        "-DE13F0-a1b2c3d4e5f6, Deluge, 1.3.15",
        "S58B-----a1b2c3d4e5f, Shadow, 5.8.11",
        "T03I--a1b2c3d4e5f6g7, BitTornado, 0.3.18",
        "S1234A--a1b2c3d4e5f6, Shadow, 1.2.3.4.10",
        "M7-2-3--a1b2c3d4e5f6, Mainline, 7.2.3",
        "M4-10-0-a1b2c3d4e5f6, Mainline, 4.10.0"
    })
    void readsTheClientFromKnownConventions(String id, String name, String version) {
        PeerId peerId = PeerId.of(id.getBytes(StandardCharsets.UTF_8));
        assertThat(peerId.client()).contains(new PeerId.Client(name, version));
    }

    @Test
    void knowsNoClientForAnUnknownCodeOrRandomBytes() {
        assertThat(PeerId.of("-ZZ1000-a1b2c3d4e5f6".getBytes(StandardCharsets.US_ASCII))
                        .client())
                .isEmpty();
        assertThat(PeerId.of("-qB42!0-a1b2c3d4e5f6".getBytes(StandardCharsets.US_ASCII))
                        .client())
                .isEmpty();
        assertThat(PeerId.of("Sxxxxxxxxxxxxxxxxxxx".getBytes(StandardCharsets.US_ASCII))
                        .client())
                .isEmpty();
        assertThat(PeerId.of(new byte[20]).client()).isEmpty();
        Random random = new Random(4);
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = new byte[20];
            random.nextBytes(bytes);
            bytes[0] = (byte) 0xfe;
            assertThat(PeerId.of(bytes).client()).isEmpty();
        }
    }

    @Test
    void generatesOurOwnIdsWithTheBitQuarkPrefix() {
        PeerId id = PeerId.generate(new Random(5));
        assertThat(id.bytes()).hasSize(PeerId.LENGTH);
        assertThat(id.toString()).startsWith("-BQ0100-").matches("-BQ0100-[0-9A-Za-z]{12}");
        assertThat(id.client()).contains(new PeerId.Client("BitQuark", "0.1"));
    }

    @Test
    void generatedIdsDependOnlyOnTheRandomSource() {
        assertThat(PeerId.generate(new Random(6))).isEqualTo(PeerId.generate(new Random(6)));
        assertThat(PeerId.generate(new Random(6))).isNotEqualTo(PeerId.generate(new Random(7)));
        assertThat(PeerId.generate()).isNotEqualTo(PeerId.generate());
    }

    @Test
    void showsABinaryIdAsHex() {
        byte[] bytes = new byte[20];
        bytes[19] = (byte) 0xff;
        assertThat(PeerId.of(bytes).toString()).isEqualTo("00000000000000000000000000000000000000ff");
    }

    @Test
    void refusesAnIdThatIsNot20Bytes() {
        assertThrows(IllegalArgumentException.class, () -> PeerId.of(new byte[19]));
    }
}
