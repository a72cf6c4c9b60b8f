package io.bitquark.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AllowedFastSetTest {

    private static final byte[] INFO_HASH = filled(0xaa);

    @Test
    void matchesTheSevenPieceExampleOfBep6() throws UnknownHostException {
        AllowedFastSet set = AllowedFastSet.generate(InetAddress.getByName("80.4.4.200"), INFO_HASH, 1313, 7);
        assertThat(set.pieces()).containsExactly(1059, 431, 808, 1217, 287, 376, 1188);
    }

    @Test
    void matchesTheNinePieceExampleOfBep6() throws UnknownHostException {
        AllowedFastSet set = AllowedFastSet.generate(InetAddress.getByName("80.4.4.200"), INFO_HASH, 1313, 9);
        assertThat(set.pieces()).containsExactly(1059, 431, 808, 1217, 287, 376, 1188, 353, 508);
        assertThat(set.contains(508)).isTrue();
        assertThat(set.contains(509)).isFalse();
    }

    @Test
    void peersInTheSameSlash24ShareTheSet() throws UnknownHostException {
        AllowedFastSet a = AllowedFastSet.generate(InetAddress.getByName("80.4.4.200"), INFO_HASH, 1313, 10);
        AllowedFastSet b = AllowedFastSet.generate(InetAddress.getByName("80.4.4.1"), INFO_HASH, 1313, 10);
        AllowedFastSet c = AllowedFastSet.generate(InetAddress.getByName("80.4.5.200"), INFO_HASH, 1313, 10);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void aSetAsLargeAsTheTorrentIsEveryPiece() {
        AllowedFastSet set = AllowedFastSet.generate(new byte[] {10, 0, 0, 1}, INFO_HASH, 3, 10);
        assertThat(set.pieces()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(AllowedFastSet.generate(new byte[] {10, 0, 0, 1}, INFO_HASH, 0, 10)
                        .size())
                .isZero();
    }

    @Test
    void acceptsAnIpv4MappedIpv6Address() throws UnknownHostException {
        AllowedFastSet set = AllowedFastSet.generate(InetAddress.getByName("::ffff:80.4.4.200"), INFO_HASH, 1313, 7);
        assertThat(set.pieces()).containsExactly(1059, 431, 808, 1217, 287, 376, 1188);
    }

    @Test
    void refusesAnIpv6Address() {
        assertThrows(
                IllegalArgumentException.class,
                () -> AllowedFastSet.generate(InetAddress.getByName("2001:db8::1"), INFO_HASH, 1313, 7));
    }

    @Test
    void refusesAnInfoHashThatIsNot20Bytes() {
        assertThrows(
                IllegalArgumentException.class,
                () -> AllowedFastSet.generate(new byte[] {1, 2, 3, 4}, new byte[32], 1313, 7));
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[20];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
