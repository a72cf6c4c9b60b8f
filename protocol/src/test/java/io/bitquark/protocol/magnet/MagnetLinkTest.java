package io.bitquark.protocol.magnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MagnetLinkTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String V1_HEX = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";
    private static final String V1_BASE32 = "YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK";
    /** SHA-256 of the empty string. */
    private static final String V2_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesAV1LinkWithAHexInfoHash() throws MagnetException {
        MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX + "&dn=Sintel");
        assertThat(link.infoHashV1()).hasValueSatisfying(h -> assertThat(h).isEqualTo(HEX.parseHex(V1_HEX)));
        assertThat(link.infoHashV2()).isEmpty();
        assertThat(link.displayName()).contains("Sintel");
    }

    @Test
    void parsesABase32InfoHashToTheSameBytesAsItsHex() throws MagnetException {
        MagnetLink base32 = MagnetLink.parse("magnet:?xt=urn:btih:" + V1_BASE32);
        MagnetLink lowerCase = MagnetLink.parse("magnet:?xt=urn:btih:" + V1_BASE32.toLowerCase());
        MagnetLink hex = MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX.toUpperCase());
        assertThat(base32).isEqualTo(hex).isEqualTo(lowerCase);
        assertThat(base32.toUri()).isEqualTo("magnet:?xt=urn:btih:" + V1_HEX);
    }

    @Test
    void base32ConvertsBothWays() throws MagnetException {
        assertThat(Base32.encode(HEX.parseHex(V1_HEX))).isEqualTo(V1_BASE32);
        assertThat(Base32.decode(V1_BASE32)).isEqualTo(HEX.parseHex(V1_HEX));
        assertThat(Base32.encode(HEX.parseHex("dd8255ecdc7ca55fb0bbf81323d87062db1f6d1c")))
                .isEqualTo("3WBFL3G4PSSV7MF37AJSHWDQMLNR63I4");
        Random random = new Random(9);
        for (int i = 0; i < 100; i++) {
            byte[] bytes = new byte[20];
            random.nextBytes(bytes);
            assertThat(Base32.decode(Base32.encode(bytes))).isEqualTo(bytes);
        }
    }

    @Test
    void parsesAV2LinkWithASha256Multihash() throws MagnetException {
        MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btmh:1220" + V2_HEX);
        assertThat(link.infoHashV2()).hasValueSatisfying(h -> assertThat(h).isEqualTo(HEX.parseHex(V2_HEX)));
        assertThat(link.infoHashV1()).isEmpty();
        assertThat(link.isHybrid()).isFalse();
    }

    @Test
    void parsesAHybridLinkWithBothExactTopics() throws MagnetException {
        MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btmh:1220" + V2_HEX + "&xt=urn:btih:" + V1_HEX);
        assertThat(link.isHybrid()).isTrue();
        assertThat(link.toUri()).isEqualTo("magnet:?xt=urn:btih:" + V1_HEX + "&xt=urn:btmh:1220" + V2_HEX);
    }

    @Test
    void keepsTrackersWebSeedsAndPeersInOrder() throws MagnetException {
        MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX
                + "&tr=udp%3A%2F%2Ftracker.example.org%3A6969%2Fannounce"
                + "&tr=http://b.example.org/announce?key=a%26b"
                + "&ws=https%3A%2F%2Fmirror.example.org%2Ffiles%2F"
                + "&ws=https://other.example.org/"
                + "&x.pe=203.0.113.5:6881&x.pe=%5B2001:db8::1%5D:51413&x.pe=peer.example.org:1");
        assertThat(link.trackers())
                .containsExactly("udp://tracker.example.org:6969/announce", "http://b.example.org/announce?key=a&b");
        assertThat(link.webSeeds()).containsExactly("https://mirror.example.org/files/", "https://other.example.org/");
        assertThat(link.peers())
                .containsExactly(
                        new PeerAddress("203.0.113.5", 6881),
                        new PeerAddress("2001:db8::1", 51413),
                        new PeerAddress("peer.example.org", 1));
    }

    @Test
    void decodesTheDisplayNameAsUtf8AndPlusAsSpace() throws MagnetException {
        MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX + "&dn=Caf%C3%A9+%E2%98%95%2B1");
        assertThat(link.displayName()).contains("Café ☕+1");
    }

    @Test
    void acceptsLiteralUnicodeInAValue() throws MagnetException {
        MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX + "&dn=日本語%20テキスト");
        assertThat(link.displayName()).contains("日本語 テキスト");
    }

    @Test
    void parsesSelectOnly() throws MagnetException {
        MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX + "&so=0,2,4-6");
        SelectOnly so = link.selectOnly().orElseThrow();
        assertThat(so.ranges())
                .containsExactly(new SelectOnly.Range(0, 0), new SelectOnly.Range(2, 2), new SelectOnly.Range(4, 6));
        assertThat(so.contains(5)).isTrue();
        assertThat(so.contains(3)).isFalse();
        assertThat(so.toString()).isEqualTo("0,2,4-6");
    }

    @Test
    void buildsTheCanonicalForm() {
        MagnetLink link = MagnetLink.builder()
                .peer(new PeerAddress("2001:db8::1", 6881))
                .selectOnly(SelectOnly.of(6, 0, 5, 4, 2))
                .webSeed("https://mirror.example.org/a b/")
                .tracker("udp://tracker.example.org:6969/announce")
                .tracker("http://b.example.org/announce?x=1&y=2")
                .displayName("Café ☕ 1+1")
                .infoHashV2(HEX.parseHex(V2_HEX))
                .infoHashV1(HEX.parseHex(V1_HEX))
                .build();
        assertThat(link.toUri())
                .isEqualTo("magnet:?xt=urn:btih:" + V1_HEX + "&xt=urn:btmh:1220" + V2_HEX
                        + "&dn=Caf%C3%A9%20%E2%98%95%201%2B1"
                        + "&tr=udp%3A%2F%2Ftracker.example.org%3A6969%2Fannounce"
                        + "&tr=http%3A%2F%2Fb.example.org%2Fannounce%3Fx%3D1%26y%3D2"
                        + "&ws=https%3A%2F%2Fmirror.example.org%2Fa%20b%2F"
                        + "&so=0,2,4-6"
                        + "&x.pe=%5B2001:db8::1%5D:6881");
    }

    @Test
    void parseOfBuildGivesTheSameLink() throws MagnetException {
        Random random = new Random(10);
        String alphabet = "aZ09 -._~:/?#[]@!$&'()*+,;=%é☕日😀";
        for (int i = 0; i < 500; i++) {
            MagnetLink.Builder b = MagnetLink.builder();
            if (random.nextBoolean()) {
                b.infoHashV1(bytes(random, 20));
            } else {
                b.infoHashV2(bytes(random, 32));
                if (random.nextBoolean()) {
                    b.infoHashV1(bytes(random, 20));
                }
            }
            if (random.nextBoolean()) {
                b.displayName(text(random, alphabet));
            }
            for (int n = random.nextInt(4); n > 0; n--) {
                b.tracker("udp://" + text(random, alphabet) + "x");
            }
            for (int n = random.nextInt(3); n > 0; n--) {
                b.webSeed("https://" + text(random, alphabet) + "/");
            }
            if (random.nextBoolean()) {
                b.selectOnly(SelectOnly.ofRanges(List.of(
                        new SelectOnly.Range(random.nextInt(5), 5 + random.nextInt(5)),
                        new SelectOnly.Range(20, 20 + random.nextInt(3)))));
            }
            for (int n = random.nextInt(3); n > 0; n--) {
                b.peer(
                        random.nextBoolean()
                                ? new PeerAddress("10.0.0." + random.nextInt(256), 1 + random.nextInt(65535))
                                : new PeerAddress(
                                        "fe80::" + Integer.toHexString(random.nextInt(65536)),
                                        1 + random.nextInt(65535)));
            }
            MagnetLink link = b.build();
            assertThat(MagnetLink.parse(link.toUri())).isEqualTo(link);
        }
    }

    @Test
    void ignoresUnknownParametersAndOtherUrns() throws MagnetException {
        MagnetLink link = MagnetLink.parse(
                "MAGNET:?xt=urn:sha1:ABCDEF&xl=1234&xt=urn:btih:" + V1_HEX + "&kt=a+b&&dn=first&dn=second");
        assertThat(link)
                .isEqualTo(MagnetLink.builder()
                        .infoHashV1(HEX.parseHex(V1_HEX))
                        .displayName("first")
                        .build());
    }

    @Test
    void refusesWhatIsNotAMagnetUri() {
        assertThrows(MagnetException.class, () -> MagnetLink.parse("http://example.org/?xt=urn:btih:" + V1_HEX));
        assertThrows(MagnetException.class, () -> MagnetLink.parse("magnet:"));
        assertThrows(MagnetException.class, () -> MagnetLink.parse("magnet:xt=urn:btih:" + V1_HEX));
        assertThrows(MagnetException.class, () -> MagnetLink.parse(""));
    }

    @Test
    void refusesALinkWithoutABitTorrentExactTopic() {
        MagnetException e = assertThrows(MagnetException.class, () -> MagnetLink.parse("magnet:?dn=x&tr=udp://a"));
        assertThat(e.getMessage()).contains("missing xt");
        assertThrows(
                MagnetException.class, () -> MagnetLink.parse("magnet:?xt=urn:ed2k:31D6CFE0D16AE931B73C59D7E0C089C0"));
    }

    @Test
    void refusesMalformedHashes() {
        assertThrows(MagnetException.class, () -> MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX.substring(1)));
        assertThrows(MagnetException.class, () -> MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX.substring(1) + "g"));
        assertThrows(MagnetException.class, () -> MagnetLink.parse("magnet:?xt=urn:btmh:1220" + V2_HEX.substring(2)));
        assertThrows(MagnetException.class, () -> MagnetLink.parse("magnet:?xt=urn:btmh:1114" + V2_HEX));
        assertThrows(
                MagnetException.class, () -> MagnetLink.parse("magnet:?xt=urn:btmh:1220" + V2_HEX.substring(1) + "z"));
        assertThrows(
                MagnetException.class,
                () -> MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX + "&xt=urn:btih:" + "0".repeat(40)));
    }

    @Test
    void refusesNonAsciiDigitsInHashesAndEscapes() {
        String arabicThree = "\u0663";
        assertThrows(
                MagnetException.class,
                () -> MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX.substring(1) + arabicThree));
        assertThrows(
                MagnetException.class,
                () -> MagnetLink.parse("magnet:?xt=urn:btmh:1220" + V2_HEX.substring(1) + arabicThree));
        assertThrows(
                MagnetException.class,
                () -> MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX + "&dn=%" + arabicThree + "0"));
        assertThrows(
                MagnetException.class,
                () -> MagnetLink.parse("magnet:?xt=urn:btih:" + V1_BASE32.substring(1) + "\u0131"));
    }

    @Test
    void refusesBadBase32() {
        MagnetException e = assertThrows(
                MagnetException.class, () -> MagnetLink.parse("magnet:?xt=urn:btih:" + V1_BASE32.substring(1) + "1"));
        assertThat(e.getMessage()).contains("bad base32");
    }

    @Test
    void refusesBadSelectOnlyRanges() {
        for (String so : new String[] {"", "1,,2", "6-4", "-3", "3-", "a", "1-2-3", "99999999999", "1;2"}) {
            MagnetException e = assertThrows(
                    MagnetException.class, () -> MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX + "&so=" + so), so);
            assertThat(e.getMessage()).contains("bad so");
        }
    }

    @Test
    void refusesBadPeerAddresses() {
        for (String pe : new String[] {
            "1.2.3.4",
            "1.2.3.4:",
            "1.2.3.4:0",
            "1.2.3.4:65536",
            "2001:db8::1:6881",
            "[2001:db8::1]6881",
            "[1.2.3.4]:1",
            ":6881",
            "host:port"
        }) {
            assertThrows(
                    MagnetException.class, () -> MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX + "&x.pe=" + pe), pe);
        }
    }

    @Test
    void refusesMalformedPercentEncoding() {
        assertThrows(MagnetException.class, () -> MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX + "&dn=100%"));
        assertThrows(MagnetException.class, () -> MagnetLink.parse("magnet:?xt=urn:btih:" + V1_HEX + "&tr=%G1"));
    }

    @Test
    void selectOnlyIsNormalised() throws MagnetException {
        assertThat(SelectOnly.parse("4-6,0,5,1")).isEqualTo(SelectOnly.parse("0-1,4-6"));
        assertThat(SelectOnly.parse("4-6,0,5,1").toString()).isEqualTo("0-1,4-6");
        assertThat(SelectOnly.parse("0-2147483647").contains(Integer.MAX_VALUE)).isTrue();
    }

    @Test
    void builderRefusesInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> MagnetLink.builder().infoHashV1(new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> MagnetLink.builder().infoHashV2(new byte[20]));
        assertThrows(
                IllegalStateException.class,
                () -> MagnetLink.builder().displayName("x").build());
        assertThrows(IllegalArgumentException.class, () -> new PeerAddress("[::1]", 1));
        assertThrows(IllegalArgumentException.class, () -> SelectOnly.of());
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String text(Random random, String alphabet) {
        StringBuilder s = new StringBuilder();
        int[] cps = alphabet.codePoints().toArray();
        for (int n = random.nextInt(12); n > 0; n--) {
            s.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return s.toString();
    }
}
