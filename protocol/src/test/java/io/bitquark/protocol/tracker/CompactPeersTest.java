package io.bitquark.protocol.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactPeersTest {

    @Test
    void encodesAnIpv4PeerAsFourAddressBytesAndABigEndianPort() {
        Peer peer = Peer.of(new byte[] {10, 0, 0, 1}, 6881);

        assertThat(CompactPeers.encode(List.of(peer), AddressFamily.IPV4)).isEqualTo(Bytes.hex("0a000001 1ae1"));
    }

    @Test
    void encodesAnIpv6PeerAsSixteenAddressBytesAndABigEndianPort() {
        Peer peer = Peer.of(Bytes.hex("20010db8000000000000000000000001"), 51413);

        assertThat(CompactPeers.encode(List.of(peer), AddressFamily.IPV6))
                .isEqualTo(Bytes.hex("20010db8000000000000000000000001 c8d5"));
    }

    @Test
    void decodesSeveralPeersIgnoringATrailingPartialEntry() {
        byte[] compact = Bytes.hex("0a000001 1ae1 c0a80102 ffff 7f00");

        assertThat(CompactPeers.decode(compact, AddressFamily.IPV4))
                .containsExactly(
                        Peer.of(new byte[] {10, 0, 0, 1}, 6881),
                        Peer.of(new byte[] {(byte) 192, (byte) 168, 1, 2}, 65535));
        assertThat(CompactPeers.isWhole(compact.length, AddressFamily.IPV4)).isFalse();
    }

    @Test
    void keepsAnIpv4MappedAddressAsAnIpv6Peer() {
        byte[] mapped = Bytes.hex("00000000000000000000ffff0a000001");
        Peer peer = CompactPeers.decode(Bytes.of(mapped, Bytes.hex("1ae1")), AddressFamily.IPV6)
                .get(0);

        assertThat(peer.family()).isEqualTo(AddressFamily.IPV6);
        assertThat(peer.address()).isInstanceOf(Inet6Address.class);
        assertThat(peer.rawAddress()).isEqualTo(mapped);
    }

    @Test
    void refusesToWriteAPeerOfTheOtherFamily() {
        Peer v6 = Peer.of(new byte[16], 1);

        assertThrows(IllegalArgumentException.class, () -> CompactPeers.encode(List.of(v6), AddressFamily.IPV4));
    }

    @Test
    void roundTripsRandomPeerListsOfBothFamilies() {
        Random random = new Random(0xB17C0DEL);
        for (int round = 0; round < 200; round++) {
            AddressFamily family = random.nextBoolean() ? AddressFamily.IPV4 : AddressFamily.IPV6;
            List<Peer> peers = new ArrayList<>();
            for (int i = random.nextInt(20); i > 0; i--) {
                byte[] address = new byte[family.addressLength()];
                random.nextBytes(address);
                peers.add(Peer.of(address, random.nextInt(65536)));
            }
            byte[] compact = CompactPeers.encode(peers, family);

            assertThat(compact).hasSize(peers.size() * family.compactPeerLength());
            assertThat(CompactPeers.decode(compact, family)).isEqualTo(peers);
        }
    }
}
