package io.bitquark.seeder.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.seeder.pool.PoolPlanner.Action;
import io.bitquark.seeder.pool.PoolPlanner.Delete;
import io.bitquark.seeder.pool.PoolPlanner.Fetch;
import io.bitquark.seeder.pool.PoolSnapshot.TorrentState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a member does about the pool's torrents, from a snapshot of the pool: owners fetch what they lack, copies are
 * deleted only after the owners seed (make before break), the last verified copy never, a member in its grace keeps
 * its place, and moves are rationed while heals are not. Placement itself is {@link RendezvousPlacement}'s; these
 * specifications find each torrent's owners with it, so they hold whichever members a hash picks.
 */
class PoolPlannerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final long NOW = 1_000_000_000L;
    private static final List<String> IDS = List.of("seeder-0", "seeder-1", "seeder-2", "seeder-3");

    private final PoolPlanner planner = new PoolPlanner(2);
    private final SplittableRandom random = new SplittableRandom(11);

    private final Map<String, Long> beats = new LinkedHashMap<>();
    private final Set<String> drained = new HashSet<>();
    private final List<PoolTorrent> torrents = new ArrayList<>();
    private final Map<String, Map<String, CopyState>> copies = new HashMap<>();

    PoolPlannerTest() {
        IDS.forEach(id -> beats.put(id, NOW - 1000));
    }

    @Test
    void anOwnerThatHoldsNothingFetchesItAsAHealFromTheMembersThatHoldCopies() {
        PoolTorrent t = torrent(2);
        List<String> owners = owners(t);
        String other = notOwner(t);
        copy(other, t, CopyState.seeding());

        List<Action> actions = plan(owners.get(0), Map.of());

        assertThat(actions).containsExactly(new Fetch(t.infoHash(), true, List.of(address(other))));
    }

    @Test
    void aNonOwnerKeepsItsVerifiedCopyUntilEveryOwnerSeedsOneThenDeletesIt() {
        PoolTorrent t = torrent(2);
        List<String> owners = owners(t);
        String old = notOwner(t);
        copy(old, t, CopyState.seeding());
        copy(owners.get(0), t, CopyState.seeding());
        copy(owners.get(1), t, CopyState.fetching(0.9));

        assertThat(plan(old, Map.of(t.infoHash(), CopyState.seeding())))
                .as("one owner still fetching: make before break")
                .isEmpty();

        copy(owners.get(1), t, CopyState.seeding());
        assertThat(plan(old, Map.of(t.infoHash(), CopyState.seeding())))
                .containsExactly(new Delete(t.infoHash(), "every owner seeds a verified copy"));
    }

    @Test
    void theLastVerifiedCopyIsNeverDeleted() {
        PoolTorrent t = torrent(2);
        List<String> owners = owners(t);
        String last = notOwner(t);
        copy(last, t, CopyState.seeding());
        owners.forEach(o -> copy(o, t, CopyState.fetching(0.5)));

        assertThat(plan(last, Map.of(t.infoHash(), CopyState.seeding()))).isEmpty();
    }

    @Test
    void anOwnerThatIsGoneDoesNotCountAsSeedingSoNoCopyIsDeletedForIt() {
        PoolTorrent t = torrent(2);
        List<String> owners = owners(t);
        String old = notOwner(t);
        copy(old, t, CopyState.seeding());
        owners.forEach(o -> copy(o, t, CopyState.seeding()));
        beats.put(owners.get(1), NOW - TIMEOUT.toMillis() - 1); // silent: in its grace, still an owner

        assertThat(owners(t)).as("still its owners during the grace").isEqualTo(owners);
        assertThat(plan(old, Map.of(t.infoHash(), CopyState.seeding()))).isEmpty();
        assertThat(snapshot().state(t)).isEqualTo(TorrentState.DEGRADED);
    }

    @Test
    void aMemberInItsGraceKeepsItsTorrentsAndLosesThemAfter() {
        PoolTorrent t = torrent(1);
        String owner = owners(t).get(0);
        copy(owner, t, CopyState.seeding());
        beats.put(owner, NOW - TIMEOUT.toMillis() - GRACE.toMillis()); // silent for the timeout and the whole grace
        assertThat(owners(t)).as("at the end of its grace").containsExactly(owner);

        beats.put(owner, NOW - TIMEOUT.toMillis() - GRACE.toMillis() - 1);
        List<String> after = owners(t);
        assertThat(after).doesNotContain(owner).hasSize(1);
        assertThat(plan(after.get(0), Map.of()))
                .as("the new owner heals from nobody live: the swarm, if anyone, has it")
                .containsExactly(new Fetch(t.infoHash(), true, List.of()));
        assertThat(snapshot().state(t)).isEqualTo(TorrentState.UNAVAILABLE);
    }

    @Test
    void aCopyBeingFetchedByAMemberThatIsNoLongerAnOwnerIsDeleted() {
        PoolTorrent t = torrent(2);
        String other = notOwner(t);
        assertThat(plan(other, Map.of(t.infoHash(), CopyState.fetching(0.3))))
                .containsExactly(new Delete(t.infoHash(), "not an owner"));
    }

    @Test
    void aTorrentRemovedFromThePoolIsDeletedByWhoeverHoldsIt() {
        String gone = "ab".repeat(20);
        assertThat(plan("seeder-0", Map.of(gone, CopyState.seeding())))
                .containsExactly(new Delete(gone, "removed from the pool"));
    }

    @Test
    void movesAreRationedToMaxConcurrentMovesWhileHealsAreNot() {
        String self = "seeder-3";
        List<PoolTorrent> moves = new ArrayList<>();
        List<PoolTorrent> heals = new ArrayList<>();
        while (moves.size() < 3 || heals.size() < 3) {
            PoolTorrent t = torrent(2);
            List<String> owners = owners(t);
            if (!owners.contains(self)) {
                torrents.remove(t);
                continue;
            }
            if (moves.size() < 3) {
                // fully replicated on two other members: a move to this one
                for (String id : IDS) {
                    if (!id.equals(self) && moves.size() < 3 && count(t) < 2) {
                        copy(id, t, CopyState.seeding());
                    }
                }
                moves.add(t);
            } else {
                heals.add(t);
            }
        }

        List<Action> actions = plan(self, Map.of());

        assertThat(actions.stream().filter(a -> a instanceof Fetch f && !f.heal()))
                .as("moves, at most 2")
                .hasSize(2);
        assertThat(actions.stream().filter(a -> a instanceof Fetch f && f.heal()))
                .as("heals, every one")
                .hasSize(3);

        Map<String, CopyState> fetching = new HashMap<>();
        fetching.put(moves.get(0).infoHash(), CopyState.fetching(0.1));
        fetching.put(moves.get(1).infoHash(), CopyState.fetching(0.1));
        assertThat(plan(self, fetching).stream().filter(a -> a instanceof Fetch f && !f.heal()))
                .as("no third move while two are under way")
                .isEmpty();
    }

    @Test
    void aDrainedMemberIsOutOfPlacementAndGivesItsCopiesUpOnceTheNewOwnersSeed() {
        PoolTorrent t = torrent(2);
        String leaving = owners(t).get(0);
        copy(leaving, t, CopyState.seeding());
        drained.add(leaving);

        List<String> owners = owners(t);
        assertThat(owners).doesNotContain(leaving).hasSize(2);
        assertThat(plan(leaving, Map.of(t.infoHash(), CopyState.seeding()))).isEmpty();
        assertThat(snapshot().neededCopies(leaving))
                .as("its copy, needed until the owners seed")
                .isEqualTo(1);
        owners.forEach(o -> copy(o, t, CopyState.seeding()));
        assertThat(snapshot().neededCopies(leaving))
                .as("what the pool needs of it once they do: it is done")
                .isZero();
        assertThat(plan(leaving, Map.of(t.infoHash(), CopyState.seeding())))
                .extracting(Action::infoHash)
                .containsExactly(t.infoHash());
    }

    @Test
    void nothingIsDoneUntilThePoolIsSettledAfterTheStoreCameBack() {
        PoolTorrent t = torrent(2);
        String other = notOwner(t);
        assertThat(planner.plan(snapshot(), owners(t).get(0), Map.of(), false)).isEmpty();
        assertThat(planner.plan(snapshot(), other, Map.of(t.infoHash(), CopyState.fetching(0.5)), false))
                .isEmpty();
    }

    @Test
    void aTorrentIsPlacedWhenROwnersSeedReplicatingWhileTheyFetchAndDegradedWithFewerMembersThanR() {
        PoolTorrent t = torrent(2);
        List<String> owners = owners(t);
        assertThat(snapshot().state(t)).isEqualTo(TorrentState.UNAVAILABLE);
        copy(owners.get(0), t, CopyState.seeding());
        assertThat(snapshot().state(t)).isEqualTo(TorrentState.REPLICATING);
        copy(owners.get(1), t, CopyState.seeding());
        assertThat(snapshot().state(t)).isEqualTo(TorrentState.PLACED);

        PoolTorrent wide = torrent(5);
        IDS.forEach(id -> copy(id, wide, CopyState.seeding()));
        assertThat(owners(wide)).as("every member, when R exceeds them").hasSize(4);
        assertThat(snapshot().state(wide)).isEqualTo(TorrentState.DEGRADED);
    }

    // ---- the test's pool

    private PoolTorrent torrent(int replicas) {
        byte[] hash = new byte[20];
        random.nextBytes(hash);
        PoolTorrent t = new PoolTorrent(HexFormat.of().formatHex(hash), replicas, NOW - 60_000, 1_000);
        torrents.add(t);
        return t;
    }

    private void copy(String member, PoolTorrent t, CopyState state) {
        copies.computeIfAbsent(t.infoHash(), h -> new HashMap<>()).put(member, state);
    }

    private int count(PoolTorrent t) {
        return copies.getOrDefault(t.infoHash(), Map.of()).size();
    }

    private PoolSnapshot snapshot() {
        List<MemberBeat> listed = new ArrayList<>();
        beats.forEach((id, at) -> listed.add(new MemberBeat(new PoolMember(id, address(id)), at)));
        Map<String, Map<String, CopyState>> all = new HashMap<>();
        copies.forEach((h, m) -> all.put(h, Map.copyOf(m)));
        return new PoolSnapshot(NOW, TIMEOUT, GRACE, listed, drained, torrents, all);
    }

    private List<Action> plan(String self, Map<String, CopyState> local) {
        return planner.plan(snapshot(), self, local, true);
    }

    private List<String> owners(PoolTorrent t) {
        return snapshot().owners(t).stream().map(PoolMember::id).toList();
    }

    private String notOwner(PoolTorrent t) {
        List<String> owners = owners(t);
        return IDS.stream().filter(id -> !owners.contains(id)).findFirst().orElseThrow();
    }

    private static String address(String id) {
        return "10.0.0." + (IDS.indexOf(id) + 1) + ":6881";
    }
}
