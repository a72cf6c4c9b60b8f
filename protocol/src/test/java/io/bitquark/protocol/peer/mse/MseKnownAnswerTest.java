package io.bitquark.protocol.peer.mse;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Known answers for the MSE primitives. The Diffie-Hellman and hash vectors were computed independently with
 * Python's integers and hashlib for Xa = 0x0102..14, Xb = 0x1111..11 and SKEY = 0x0001..13.
 */
class MseKnownAnswerTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger XA = new BigInteger("0102030405060708090a0b0c0d0e0f1011121314", 16);
    private static final BigInteger XB = new BigInteger("1111111111111111111111111111111111111111", 16);
    private static final byte[] SKEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f10111213");
    private static final String YA = "96e112dab29e8c5272accb9b17b26887ce54a144a4e3b697c7d159b7a817e556b0918db2b4c658e0"
            + "2a87f7e5fb14b18a553e084cbf3dad2d30f16596ccb982d406258c61b30c5c1dae2ddc60bdbd48d79896312aad63238c39e1a6"
            + "33821eb693";
    private static final String YB = "3476dc8d123697fcc69e9121618a08514ffa536506df209ce956ad3cf819f76f3fcebc46f4e8be36"
            + "4ec8f1445b9dbf8a9528ca7bfbc89ad13f28137640a2cfd1055d55d5cc6676d18b410e086631309e95fa7b0dae2b8379186b17"
            + "ad3472c755";
    private static final String S = "b63c155b3260d192bbca0747d179b08e6af6468d31ba32a2218443f2dca8de33fc7f64e579dfab38"
            + "ace49ba7d09d9becc00d8bc808d1da38f6fa932f99940b9ef2dd11bea8e91414548abfdba915cb3c512ca609d97ee04543bb"
            + "08ddf904e604";

    @Test
    void rc4MatchesThePublishedTestVectors() {
        assertThat(rc4("Key", "Plaintext")).isEqualTo("bbf316e8d940af0ad3");
        assertThat(rc4("Wiki", "pedia")).isEqualTo("1021bf0420");
        assertThat(rc4("Secret", "Attack at dawn")).isEqualTo("45a01f645fc35b383552544b9bf5");
    }

    @Test
    void mseRc4IsTheJdkArcfourKeystreamAfterItsFirst1024Bytes() throws Exception {
        byte[] key = HEX.parseHex("19b4d88ab443bd688b334b3ca9e244457d368d6d");
        Cipher arcfour = Cipher.getInstance("ARCFOUR");
        arcfour.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
        byte[] jdk = arcfour.update(new byte[Rc4.MSE_DISCARD + 64]);
        byte[] ours = Rc4.forMse(key).crypt(new byte[64]);
        assertThat(ours).isEqualTo(java.util.Arrays.copyOfRange(jdk, Rc4.MSE_DISCARD, Rc4.MSE_DISCARD + 64));
    }

    @Test
    void thePrimeIsA768BitSafePrime() {
        assertThat(MseKeyPair.P.bitLength()).isEqualTo(768);
        assertThat(MseKeyPair.P.isProbablePrime(64)).isTrue();
        assertThat(MseKeyPair.P.shiftRight(1).isProbablePrime(64)).isTrue();
    }

    @Test
    void publicKeysAndTheSharedSecretMatchIndependentlyComputedValues() throws Exception {
        MseKeyPair a = new MseKeyPair(XA);
        MseKeyPair b = new MseKeyPair(XB);
        assertThat(HEX.formatHex(a.publicKey())).isEqualTo(YA);
        assertThat(HEX.formatHex(b.publicKey())).isEqualTo(YB);
        assertThat(HEX.formatHex(b.sharedSecret(a.publicKey()))).isEqualTo(S);
        assertThat(HEX.formatHex(a.sharedSecret(b.publicKey()))).isEqualTo(S);
    }

    @Test
    void theHandshakeHashesMatchIndependentlyComputedValues() {
        byte[] s = HEX.parseHex(S);
        assertThat(HEX.formatHex(MseHashes.req1(s))).isEqualTo("d106432e8392240787d0aed34c07007f944def5f");
        assertThat(HEX.formatHex(MseHashes.req2(SKEY))).isEqualTo("4321b2c3fbde0a4fa12ca762484f5b8dc9cf4b5f");
        assertThat(HEX.formatHex(MseHashes.req3(s))).isEqualTo("e095486c331052e8637c2af2cbbe2663acfac819");
        assertThat(HEX.formatHex(MseHashes.keyA(s, SKEY))).isEqualTo("19b4d88ab443bd688b334b3ca9e244457d368d6d");
        assertThat(HEX.formatHex(MseHashes.keyB(s, SKEY))).isEqualTo("a517f95c96953be1ed61b5e83b1dd6ba945ba4eb");
    }

    @Test
    void aSecretWithLeadingZeroBytesKeepsAll96Bytes() {
        assertThat(MseKeyPair.toBytes(BigInteger.valueOf(0x1234)))
                .hasSize(96)
                .endsWith(0x12, 0x34)
                .startsWith(0, 0, 0);
    }

    private static String rc4(String key, String plaintext) {
        return HEX.formatHex(
                new Rc4(key.getBytes(StandardCharsets.US_ASCII)).crypt(plaintext.getBytes(StandardCharsets.US_ASCII)));
    }
}
