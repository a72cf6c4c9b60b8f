package io.bitquark.seeder.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bitquark.seeder.pool.PoolException.Kind;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PoolStore} honours. The in-memory store and the Redis store (standalone and
 * Cluster) run these same specifications; time is the store's own clock, moved by {@link #letTimePass}.
 */
abstract class PoolStoreContract {

    static final int MAX_TORRENT = 64 * 1024;
    static final Duration WAIT = Duration.ofSeconds(10);
    /** A member timeout no test outlives. */
    static final Duration LONG = Duration.ofMinutes(10);
    /** A member timeout the specs that watch a member go wait out. */
    static final Duration SHORT = Duration.ofSeconds(1);

    static final String A = "seed-a";
    static final String B = "seed-b";
    static final String ADDRESS_1 = "10.0.0.1:6881";
    static final String ADDRESS_2 = "10.0.0.2:6881";
    static final String ADDRESS_3 = "10.0.0.3:6881";

    PoolStore store;

    /** A store on fresh, empty storage that accepts a .torrent of up to {@code maxTorrentBytes}. */
    abstract PoolStore newStore(int maxTorrentBytes);

    /** Returns once at least {@code time} has passed on the store's clock. */
    abstract void letTimePass(Duration time);

    @BeforeEach
    void freshStore() {
        store = newStore(MAX_TORRENT);
    }

    static <T> T await(Uni<T> call) {
        return call.await().atMost(WAIT);
    }

    static String hash(int n) {
        return String.format("b0%038x", n);
    }

    static byte[] torrentFile(int n, int length) {
        byte[] file = new byte[length];
        Arrays.fill(file, (byte) n);
        byte[] head = ("d4:infod6:lengthi" + n + "e").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, file, 0, Math.min(head.length, length));
        return file;
    }

    static PoolMember member(String id, String address) {
        return new PoolMember(id, address, Optional.empty(), 1);
    }

    long beat(PoolMember member, Duration timeout) {
        return await(store.beat(member, timeout));
    }

    List<MemberBeat> live(Duration timeout) {
        return await(store.liveMembers(timeout));
    }

    List<String> liveIds(Duration timeout) {
        return live(timeout).stream().map(b -> b.member().id()).toList();
    }

    static void assertRefused(ThrowingCallable call, Kind kind) {
        assertThatThrownBy(call).isInstanceOf(PoolException.class).satisfies(e -> assertThat(((PoolException) e).kind())
                .isEqualTo(kind));
    }

    // Membership

    @Test
    void aBeatingMemberIsLiveWithItsProfileAndTheTimeOfItsBeat() {
        PoolMember a = new PoolMember(A, ADDRESS_1, Optional.of("eu-west-1a"), 3);
        long at = beat(a, LONG);
        beat(member(B, ADDRESS_2), LONG);

        assertThat(live(LONG)).first().isEqualTo(new MemberBeat(a, at));
        assertThat(liveIds(LONG)).containsExactly(A, B);
    }

    @Test
    void eachBeatIsStampedWithTheStoresClock() {
        long first = beat(member(A, ADDRESS_1), LONG);
        letTimePass(Duration.ofMillis(1500));
        long second = beat(member(A, ADDRESS_1), LONG);

        assertThat(second - first).isGreaterThanOrEqualTo(1500);
        assertThat(live(LONG))
                .singleElement()
                .extracting(MemberBeat::lastBeatMillis)
                .isEqualTo(second);
    }

    @Test
    void aMemberSilentPastTheTimeoutIsGone() {
        beat(member(A, ADDRESS_1), SHORT);
        assertThat(liveIds(SHORT)).containsExactly(A);

        letTimePass(SHORT.plusMillis(1));

        assertThat(liveIds(SHORT)).isEmpty();
        assertThat(liveIds(LONG)).as("the reader's timeout decides").containsExactly(A);
    }

    @Test
    void aBeatForgetsTheMembersGonePastItsTimeout() {
        beat(member(A, ADDRESS_1), SHORT);
        letTimePass(SHORT.plusMillis(1));

        beat(member(B, ADDRESS_2), SHORT);

        assertThat(liveIds(LONG)).containsExactly(B);
    }

    @Test
    void aBeatKeepsTheMembersGoneWithinItsForgettingTimeSoThePoolCanTellThemGone() {
        beat(member(A, ADDRESS_1), SHORT);
        letTimePass(SHORT.plusMillis(1));

        await(store.beat(member(B, ADDRESS_2), SHORT, LONG));

        assertThat(liveIds(SHORT)).containsExactly(B);
        assertThat(liveIds(LONG)).as("gone, not forgotten").containsExactly(A, B);
        assertThat(beat(member(A, ADDRESS_3), SHORT))
                .as("a gone member's id is free again, forgotten or not")
                .isPositive();
    }

    @Test
    void anIdBeatingFromAnotherAddressIsRefusedWithAClearMessageWhileTheFirstIsLive() {
        long at = beat(member(A, ADDRESS_1), LONG);

        assertThatThrownBy(() -> beat(member(A, ADDRESS_2), LONG))
                .isInstanceOf(PoolException.class)
                .hasMessageContaining("'" + A + "' is already beating from " + ADDRESS_1)
                .hasMessageContaining("the member at " + ADDRESS_2 + " cannot join under the same id")
                .satisfies(e -> assertThat(((PoolException) e).kind()).isEqualTo(Kind.MEMBER_ID_TAKEN));
        assertThat(live(LONG)).singleElement().isEqualTo(new MemberBeat(member(A, ADDRESS_1), at));
    }

    @Test
    void anIdBeatingFromAnotherAddressIsAcceptedOnceTheFirstIsGone() {
        beat(member(A, ADDRESS_1), SHORT);
        letTimePass(SHORT.plusMillis(1));

        long at = beat(member(A, ADDRESS_2), SHORT);

        assertThat(live(SHORT)).containsExactly(new MemberBeat(member(A, ADDRESS_2), at));
    }

    @Test
    void aMembersLaterBeatReplacesItsZoneAndWeight() {
        beat(new PoolMember(A, ADDRESS_1, Optional.of("zone-1"), 5), LONG);
        long at = beat(member(A, ADDRESS_1), LONG);

        assertThat(live(LONG)).containsExactly(new MemberBeat(member(A, ADDRESS_1), at));
    }

    @Test
    void leaveRemovesTheMemberAtOnceAndFreesItsId() {
        beat(member(A, ADDRESS_1), LONG);
        beat(member(B, ADDRESS_2), LONG);

        assertThat(await(store.leave(A, ADDRESS_1))).isTrue();

        assertThat(liveIds(LONG)).containsExactly(B);
        assertThat(await(store.leave(A, ADDRESS_1))).isFalse();
        beat(member(A, "10.0.0.3:6881"), LONG);
        assertThat(live(LONG)).first().extracting(b -> b.member().address()).isEqualTo("10.0.0.3:6881");
    }

    @Test
    void leaveFromAnotherAddressLeavesTheHolderAlone() {
        beat(member(A, ADDRESS_1), LONG);

        assertThat(await(store.leave(A, ADDRESS_2))).isFalse();

        assertThat(liveIds(LONG)).containsExactly(A);
    }

    @Test
    void memberIdsAreAtMost253VisibleCharacters() {
        String longest = "m".repeat(253);
        beat(member(longest, ADDRESS_1), LONG);
        assertThat(liveIds(LONG)).containsExactly(longest);

        assertRefused(() -> member("m".repeat(254), ADDRESS_1), Kind.INVALID);
        assertRefused(() -> member("seed a", ADDRESS_1), Kind.INVALID);
        assertRefused(() -> await(store.drain("m".repeat(254))), Kind.INVALID);
        assertRefused(() -> await(store.reportCopy("m".repeat(254), hash(1), CopyState.seeding())), Kind.INVALID);
        assertThat(await(store.drained())).isEmpty();
    }

    // Catalog

    @Test
    void aTorrentAddedIsInTheCatalogWithItsFileReplicasAndTheStoresTimeOfAdding() {
        long before = beat(member(A, ADDRESS_1), LONG);
        byte[] file = torrentFile(1, 300);

        assertThat(await(store.addTorrent(hash(1), file, 3, 24L << 30))).isTrue();
        long after = beat(member(A, ADDRESS_1), LONG);

        PoolTorrent entry = await(store.torrent(hash(1))).orElseThrow();
        assertThat(entry.infoHash()).isEqualTo(hash(1));
        assertThat(entry.replicas()).isEqualTo(3);
        assertThat(entry.addedAtMillis()).isBetween(before, after);
        assertThat(entry.bytes()).as("the content's bytes").isEqualTo(24L << 30);
        assertThat(await(store.torrentFile(hash(1))))
                .hasValueSatisfying(f -> assertThat(f).isEqualTo(file));
    }

    @Test
    void addingATorrentAgainChangesNothing() {
        byte[] file = torrentFile(1, 300);
        await(store.addTorrent(hash(1), file, 2, 1_000));
        PoolTorrent first = await(store.torrent(hash(1))).orElseThrow();
        letTimePass(Duration.ofMillis(5));

        assertThat(await(store.addTorrent(hash(1).toUpperCase(), torrentFile(2, 400), 5, 1_000)))
                .isFalse();

        assertThat(await(store.torrent(hash(1)))).contains(first);
        assertThat(await(store.torrentFile(hash(1))))
                .hasValueSatisfying(f -> assertThat(f).isEqualTo(file));
    }

    @Test
    void theCatalogListsEveryTorrentByInfoHash() {
        await(store.addTorrent(hash(3), torrentFile(3, 100), 1, 1_000));
        await(store.addTorrent(hash(1), torrentFile(1, 100), 2, 1_000));
        await(store.addTorrent(hash(2).toUpperCase(), torrentFile(2, 100), 3, 1_000));

        assertThat(await(store.torrents()))
                .extracting(PoolTorrent::infoHash, PoolTorrent::replicas)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(hash(1), 2),
                        org.assertj.core.groups.Tuple.tuple(hash(2), 3),
                        org.assertj.core.groups.Tuple.tuple(hash(3), 1));
        assertThat(await(store.torrent(hash(4)))).isEmpty();
        assertThat(await(store.torrentFile(hash(4)))).isEmpty();
    }

    @Test
    void aRemovedTorrentLeavesWithItsFileAndItsCopies() {
        await(store.addTorrent(hash(1), torrentFile(1, 100), 2, 1_000));
        await(store.addTorrent(hash(2), torrentFile(2, 100), 2, 1_000));
        await(store.reportCopy(A, hash(1), CopyState.seeding()));
        await(store.reportCopy(A, hash(2), CopyState.seeding()));

        assertThat(await(store.removeTorrent(hash(1)))).isTrue();

        assertThat(await(store.torrent(hash(1)))).isEmpty();
        assertThat(await(store.torrentFile(hash(1)))).isEmpty();
        assertThat(await(store.copies(hash(1)))).isEmpty();
        assertThat(await(store.torrents())).extracting(PoolTorrent::infoHash).containsExactly(hash(2));
        assertThat(await(store.copies(hash(2)))).containsOnlyKeys(A);
        assertThat(await(store.removeTorrent(hash(1)))).isFalse();
        await(store.addTorrent(hash(1), torrentFile(1, 100), 2, 1_000));
        assertThat(await(store.copies(hash(1))))
                .as("a torrent added again starts without copies")
                .isEmpty();
    }

    @Test
    void aTorrentFileOverTheLimitIsRefused() {
        assertRefused(
                () -> await(store.addTorrent(hash(1), torrentFile(1, MAX_TORRENT + 1), 2, 1_000)),
                Kind.TORRENT_TOO_LARGE);
        assertThat(await(store.torrent(hash(1)))).isEmpty();

        assertThat(await(store.addTorrent(hash(1), torrentFile(1, MAX_TORRENT), 2, 1_000)))
                .isTrue();
        assertThat(await(store.torrentFile(hash(1))))
                .hasValueSatisfying(f -> assertThat(f).hasSize(MAX_TORRENT));
    }

    @Test
    void malformedInfoHashesAndReplicaCountsAreRefused() {
        assertRefused(() -> await(store.addTorrent("b0", torrentFile(1, 10), 2, 1_000)), Kind.INVALID);
        assertRefused(() -> await(store.addTorrent("z".repeat(40), torrentFile(1, 10), 2, 1_000)), Kind.INVALID);
        assertRefused(() -> await(store.addTorrent(hash(1), torrentFile(1, 10), 0, 1_000)), Kind.INVALID);
        assertRefused(() -> await(store.addTorrent(hash(1), new byte[0], 2, 1_000)), Kind.INVALID);
        assertRefused(() -> await(store.copies("b0")), Kind.INVALID);

        assertThat(await(store.torrents())).isEmpty();
        assertThat(await(store.addTorrent("c".repeat(64), torrentFile(1, 10), 2, 1_000)))
                .as("a v2 info-hash")
                .isTrue();
    }

    // Copies and drained members

    @Test
    void membersReportTheirCopiesAndTheLatestReportOfEachCounts() {
        await(store.addTorrent(hash(1), torrentFile(1, 100), 2, 1_000));

        assertThat(await(store.reportCopy(A, hash(1), CopyState.fetching(0.25))))
                .isTrue();
        assertThat(await(store.reportCopy(B, hash(1), CopyState.seeding()))).isTrue();
        assertThat(await(store.copies(hash(1)))).isEqualTo(Map.of(A, CopyState.fetching(0.25), B, CopyState.seeding()));

        await(store.reportCopy(A, hash(1), CopyState.fetching(0.5)));
        await(store.reportCopy(A, hash(1), CopyState.seeding()));
        assertThat(await(store.copies(hash(1)))).isEqualTo(Map.of(A, CopyState.seeding(), B, CopyState.seeding()));
    }

    @Test
    void aDroppedCopyIsForgottenAndOnlyThatOne() {
        await(store.addTorrent(hash(1), torrentFile(1, 100), 2, 1_000));
        await(store.reportCopy(A, hash(1), CopyState.seeding()));
        await(store.reportCopy(B, hash(1), CopyState.fetching(0.75)));

        assertThat(await(store.dropCopy(B, hash(1)))).isTrue();

        assertThat(await(store.copies(hash(1)))).isEqualTo(Map.of(A, CopyState.seeding()));
        assertThat(await(store.dropCopy(B, hash(1)))).isFalse();
    }

    @Test
    void aCopyOfATorrentNotInThePoolIsNotRecorded() {
        assertThat(await(store.reportCopy(A, hash(9), CopyState.seeding()))).isFalse();

        assertThat(await(store.copies(hash(9)))).isEmpty();
    }

    @Test
    void drainedMembersAreASet() {
        await(store.drain(A));
        await(store.drain(B));
        await(store.drain(A));
        assertThat(await(store.drained())).containsExactlyInAnyOrder(A, B);

        await(store.undrain(A));

        assertThat(await(store.drained())).containsExactly(B);
    }

    @Test
    void copyStatesAreBounded() {
        assertRefused(() -> CopyState.fetching(1.5), Kind.INVALID);
        assertRefused(() -> CopyState.fetching(Double.NaN), Kind.INVALID);
        assertRefused(() -> new CopyState(CopyState.Stage.SEEDING, 0.5), Kind.INVALID);
    }
}
