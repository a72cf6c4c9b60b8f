package io.bitquark.protocol.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InfoHashTest {

    private static final byte[] INFO = "d4:name1:ae".getBytes(StandardCharsets.US_ASCII);

    @Test
    void hashesInfoBytesWithSha1ForV1AndSha256ForV2() {
        // reference values from sha1sum / sha256sum of the same 11 bytes
        assertThat(InfoHash.v1Of(INFO).hex()).isEqualTo("9e3f71178c577dcb032d2d7dfbb436d21769d456");
        assertThat(InfoHash.v2Of(INFO).hex())
                .isEqualTo("16f85be49fdd221d9059d41f54def75638d67eda48d423b66f47807af73e5fc5");
        assertThat(InfoHash.v1Of(INFO).version()).isEqualTo(InfoHash.Version.V1);
        assertThat(InfoHash.v2Of(INFO).bytes()).hasSize(32);
    }

    @Test
    void truncatesAV2HashToItsFirst20BytesForTrackersAndPeers() {
        InfoHash v2 = InfoHash.v2Of(INFO);
        assertThat(v2.truncated()).hasSize(20).containsExactly(java.util.Arrays.copyOf(v2.bytes(), 20));
        InfoHash v1 = InfoHash.v1Of(INFO);
        assertThat(v1.truncated()).containsExactly(v1.bytes());
    }

    @Test
    void parsesHexInEitherCaseAndFormatsLowercase() {
        InfoHash upper = InfoHash.fromHex("C0FDA1EDAFDBDBB96443424E0B3899AF7159D10E");
        assertThat(upper.hex()).isEqualTo("c0fda1edafdbdbb96443424e0b3899af7159d10e");
        assertThat(upper).isEqualTo(InfoHash.fromHex("c0fda1edafdbdbb96443424e0b3899af7159d10e"));
        assertThat(upper.hashCode()).isEqualTo(InfoHash.fromHex(upper.hex()).hashCode());
        InfoHash v2 = InfoHash.fromHex("597b180c1a170a585dfc5e85d834d69013ceda174b8f357d5bb1a0ca509faf0a");
        assertThat(v2.version()).isEqualTo(InfoHash.Version.V2);
    }

    @Test
    void aV1HashNeverEqualsATruncatedV2Hash() {
        InfoHash v2 = InfoHash.v2Of(INFO);
        assertThat(InfoHash.v1(v2.truncated())).isNotEqualTo(v2);
    }

    @Test
    void refusesHexOfTheWrongLengthOrWithNonHexDigits() {
        assertThrows(IllegalArgumentException.class, () -> InfoHash.fromHex("abc"));
        assertThrows(
                IllegalArgumentException.class, () -> InfoHash.fromHex("g0fda1edafdbdbb96443424e0b3899af7159d10e"));
        assertThrows(IllegalArgumentException.class, () -> InfoHash.v1(new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> InfoHash.v2(new byte[20]));
    }
}
