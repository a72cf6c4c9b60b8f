package io.bitquark.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectionIdsTest {

    static final byte[] SECRET = "a shared kubernetes secret".getBytes(StandardCharsets.UTF_8);
    static final byte[] CLIENT = {10, 0, 0, 7};
    static final int CLIENT_INT = 0x0a000007;
    static final byte[] OTHER_CLIENT = {10, 0, 0, 8};
    static final byte[] CLIENT_V6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7};

    final AtomicLong clock = new AtomicLong(1_790_000_000_000L);

    @Test
    void anIdIssuedByOneReplicaIsAcceptedByAnotherWithTheSameSecret() {
        ConnectionIds replicaA = new ConnectionIds(SECRET, clock::get);
        ConnectionIds replicaB = new ConnectionIds(SECRET.clone(), clock::get);
        assertThat(replicaB.isValid(replicaA.issue(CLIENT), CLIENT)).isTrue();
        assertThat(replicaB.isValid(replicaA.issue(CLIENT_V6), CLIENT_V6)).isTrue();
    }

    @Test
    void anIdIsBoundToTheClientAddress() {
        ConnectionIds ids = new ConnectionIds(SECRET, clock::get);
        assertThat(ids.isValid(ids.issue(CLIENT), OTHER_CLIENT)).isFalse();
        assertThat(ids.isValid(ids.issue(CLIENT), CLIENT_INT + 1)).isFalse();
        assertThat(ids.isValid(ids.issue(CLIENT_V6), CLIENT)).isFalse();
        byte[] otherV6 = CLIENT_V6.clone();
        otherV6[15] = 8;
        assertThat(ids.isValid(ids.issue(CLIENT_V6), otherV6)).isFalse();
    }

    @Test
    void everyAddressGetsItsOwnMac() {
        ConnectionIds ids = new ConnectionIds(SECRET, clock::get);
        Set<Integer> macs = new HashSet<>();
        for (int host = 0; host < 1000; host++) {
            macs.add((int) ids.issue(0x0a000000 | host));
        }
        // 32-bit MACs of 1000 addresses: a collision has odds of about 1 in 10 000
        assertThat(macs).hasSizeGreaterThan(998);
    }

    @Test
    void anIdFromAReplicaWithAnotherSecretIsRefused() {
        ConnectionIds ours = new ConnectionIds(SECRET, clock::get);
        ConnectionIds theirs =
                new ConnectionIds("a different secret entirely".getBytes(StandardCharsets.UTF_8), clock::get);
        byte[] almostOurs = SECRET.clone();
        almostOurs[almostOurs.length - 1] ^= 1;
        ConnectionIds oneBitOff = new ConnectionIds(almostOurs, clock::get);
        for (ConnectionIds other : new ConnectionIds[] {theirs, oneBitOff}) {
            assertThat(ours.isValid(other.issue(CLIENT), CLIENT)).isFalse();
            assertThat(ours.isValid(other.issue(CLIENT_V6), CLIENT_V6)).isFalse();
            assertThat(ours.isValid(other.issue(CLIENT_INT), CLIENT_INT)).isFalse();
        }
    }

    @Test
    void anIdCarriesItsWindowInItsHighHalf() {
        ConnectionIds ids = new ConnectionIds(SECRET, clock::get);
        long id = ids.issue(CLIENT);
        assertThat(id >>> 32).isEqualTo(clock.get() / 1000 / ConnectionIds.WINDOW_SECONDS);
        clock.addAndGet(ConnectionIds.WINDOW_SECONDS * 1000);
        long next = ids.issue(CLIENT);
        assertThat(next >>> 32).isEqualTo((id >>> 32) + 1);
        assertThat((int) next).as("the MAC covers the window").isNotEqualTo((int) id);
    }

    @Test
    void anIdLivesAtLeastTwoMinutesAndAtMostFour() {
        ConnectionIds ids = new ConnectionIds(SECRET, clock::get);
        clock.set(1_790_000_040_000L - 1_790_000_040_000L % 120_000);
        long id = ids.issue(CLIENT);
        clock.addAndGet(120_000 - 1);
        assertThat(ids.isValid(id, CLIENT)).isTrue();
        clock.addAndGet(120_000);
        assertThat(ids.isValid(id, CLIENT)).isTrue();
        clock.addAndGet(1);
        assertThat(ids.isValid(id, CLIENT)).isFalse();
        assertThat(ids.isValid(id, CLIENT_INT)).isFalse();
    }

    @Test
    void anIdFromAFutureWindowIsRefused() {
        ConnectionIds ids = new ConnectionIds(SECRET, clock::get);
        clock.addAndGet(ConnectionIds.WINDOW_SECONDS * 1000);
        long issuedLater = ids.issue(CLIENT);
        clock.addAndGet(-ConnectionIds.WINDOW_SECONDS * 1000);
        assertThat(ids.isValid(issuedLater, CLIENT)).isFalse();
    }

    @Test
    void aForgedIdIsRefused() {
        ConnectionIds ids = new ConnectionIds(SECRET, clock::get);
        long id = ids.issue(CLIENT);
        assertThat(ids.isValid(id ^ 1, CLIENT)).isFalse();
        assertThat(ids.isValid(id ^ (1L << 40), CLIENT))
                .as("window moved, MAC kept")
                .isFalse();
        assertThat(ids.isValid(0x41727101980L, CLIENT)).isFalse();
    }

    @Test
    void everyFormOfTheAddressAgrees() {
        ConnectionIds ids = new ConnectionIds(SECRET, clock::get);
        long id = ids.issue(CLIENT);
        assertThat(ids.issue(CLIENT_INT)).isEqualTo(id);
        assertThat(ids.isValid(id, CLIENT_INT)).isTrue();
        byte[] packet = {1, 2, 3, 10, 0, 0, 7, 4};
        assertThat(ids.isValid(id, packet, 3, 4)).isTrue();
        assertThat(ids.isValid(id, packet, 2, 4)).isFalse();
        ByteBuffer direct = ByteBuffer.allocateDirect(8).put(packet).position(1);
        assertThat(ids.isValid(id, direct, 3, 4)).isTrue();
        assertThat(direct.position()).isEqualTo(1);

        long v6 = ids.issue(CLIENT_V6);
        byte[] v6Packet = new byte[20];
        System.arraycopy(CLIENT_V6, 0, v6Packet, 2, 16);
        assertThat(ids.isValid(v6, v6Packet, 2, 16)).isTrue();
        assertThat(ids.isValid(v6, ByteBuffer.wrap(v6Packet).asReadOnlyBuffer(), 2, 16))
                .isTrue();
    }

    @Test
    void checkingAnIdAllocatesNothing() {
        ConnectionIds ids = new ConnectionIds(SECRET, clock::get);
        long v4 = ids.issue(CLIENT);
        long v6 = ids.issue(CLIENT_V6);
        ByteBuffer direct = ByteBuffer.allocateDirect(16).put(CLIENT_V6);
        int calls = 100_000;
        // warm up: class loading, call-site linking and compilation allocate once, not per call
        int accepted = checkMany(ids, v4, v6, direct, calls);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        accepted += checkMany(ids, v4, v6, direct, calls);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(accepted).isEqualTo(2 * 4 * calls);
        assertThat(allocated)
                .as("bytes allocated by %d checks of each form", calls)
                .isLessThan(calls);
    }

    private static int checkMany(ConnectionIds ids, long v4, long v6, ByteBuffer direct, int calls) {
        int accepted = 0;
        for (int i = 0; i < calls; i++) {
            accepted += ids.isValid(v4, CLIENT_INT) ? 1 : 0;
            accepted += ids.isValid(v4, CLIENT) ? 1 : 0;
            accepted += ids.isValid(v6, CLIENT_V6, 0, 16) ? 1 : 0;
            accepted += ids.isValid(v6, direct, 0, 16) ? 1 : 0;
        }
        return accepted;
    }

    @Test
    void aShortSecretOrAnAddressOfAnotherLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionIds(new byte[8], clock::get));
        ConnectionIds ids = new ConnectionIds(SECRET, clock::get);
        assertThrows(IllegalArgumentException.class, () -> ids.issue(new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> ids.isValid(1, new byte[6]));
        assertThrows(IndexOutOfBoundsException.class, () -> ids.isValid(1, new byte[6], 4, 4));
    }
}
