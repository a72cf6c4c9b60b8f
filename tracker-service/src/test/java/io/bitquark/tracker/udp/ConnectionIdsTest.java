package io.bitquark.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectionIdsTest {

    static final byte[] SECRET = "a shared kubernetes secret".getBytes(StandardCharsets.UTF_8);
    static final byte[] CLIENT = {10, 0, 0, 7};
    static final byte[] OTHER_CLIENT = {10, 0, 0, 8};

    final AtomicLong clock = new AtomicLong(1_790_000_000_000L);

    @Test
    void anIdIssuedByOneReplicaIsAcceptedByAnotherWithTheSameSecret() {
        ConnectionIds replicaA = new ConnectionIds(SECRET, clock::get);
        ConnectionIds replicaB = new ConnectionIds(SECRET.clone(), clock::get);
        assertThat(replicaB.isValid(replicaA.issue(CLIENT), CLIENT)).isTrue();
    }

    @Test
    void anIdIsBoundToTheClientAddress() {
        ConnectionIds ids = new ConnectionIds(SECRET, clock::get);
        assertThat(ids.isValid(ids.issue(CLIENT), OTHER_CLIENT)).isFalse();
    }

    @Test
    void anIdFromAReplicaWithAnotherSecretIsRefused() {
        ConnectionIds ours = new ConnectionIds(SECRET, clock::get);
        ConnectionIds theirs =
                new ConnectionIds("a different secret entirely".getBytes(StandardCharsets.UTF_8), clock::get);
        assertThat(ours.isValid(theirs.issue(CLIENT), CLIENT)).isFalse();
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
    }

    @Test
    void aForgedIdIsRefused() {
        ConnectionIds ids = new ConnectionIds(SECRET, clock::get);
        long id = ids.issue(CLIENT);
        assertThat(ids.isValid(id ^ 1, CLIENT)).isFalse();
        assertThat(ids.isValid(0x41727101980L, CLIENT)).isFalse();
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionIds(new byte[8], clock::get));
    }
}
