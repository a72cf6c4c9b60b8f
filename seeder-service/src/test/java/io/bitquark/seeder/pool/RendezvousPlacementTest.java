package io.bitquark.seeder.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every statistical spec here runs over the same 10,000 info-hashes drawn from a fixed seed, so its measured
 * fraction is the same on every run: a bound either always holds or always fails, it cannot flake.
 */
class RendezvousPlacementTest {

    private static final Logger LOG = Logger.getLogger(RendezvousPlacementTest.class);

    private static final int TORRENTS = 10_000;
    private static final List<byte[]> INFO_HASHES = infoHashes(TORRENTS, 0x5eed_b17cL);

    private final RendezvousPlacement placement = new RendezvousPlacement();

    @Test
    void theSameInputsInAnyOrderGiveTheSameOwners() {
        List<PoolMember> live = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            live.add(member("seeder-" + i, i % 3 == 0 ? null : "zone-" + (i % 2), 50 + 25 * i));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (byte[] infoHash : INFO_HASHES) {
            List<PoolMember> shuffled = shuffled(live, random);
            assertThat(placement.owners(infoHash, shuffled, 3)).isEqualTo(placement.owners(infoHash, live, 3));
            assertThat(placement.owners(infoHash, new HashSet<>(live), 3))
                    .isEqualTo(placement.owners(infoHash, live, 3));
        }
    }

    @Test
    void givesReplicasDistinctOwnersInRankOrderTheTopOfTheRanking() {
        List<PoolMember> live = members(8);
        for (byte[] infoHash : INFO_HASHES) {
            List<PoolMember> ranking = placement.owners(infoHash, live, live.size());
            assertThat(ranking)
                    .containsExactlyInAnyOrderElementsOf(live)
                    .isSortedAccordingTo(
                            Comparator.comparingDouble((PoolMember m) -> RendezvousPlacement.score(infoHash, m))
                                    .reversed());
            List<PoolMember> owners = placement.owners(infoHash, live, 3);
            assertThat(owners).hasSize(3).doesNotHaveDuplicates().isEqualTo(ranking.subList(0, 3));
        }
    }

    @Test
    void moreReplicasThanLiveMembersGivesEveryLiveMember() {
        List<PoolMember> live = members(3);
        for (byte[] infoHash : INFO_HASHES.subList(0, 100)) {
            assertThat(placement.owners(infoHash, live, 5)).containsExactlyInAnyOrderElementsOf(live);
            assertThat(placement.owners(infoHash, live, Integer.MAX_VALUE)).containsExactlyInAnyOrderElementsOf(live);
        }
        assertThat(placement.owners(INFO_HASHES.get(0), List.of(), 2)).isEmpty();
    }

    @Test
    void removingOneOfEightMembersChangesTheOwnersOfOnlyTheTorrentsItHeld() {
        assertRemovalMovesOnlyTheTorrentsTheMemberHeld(members(8), 2);
    }

    @Test
    void removingOneMemberMovesOnlyTheTorrentsItHeldWithZonesToo() {
        List<PoolMember> threeZones = new ArrayList<>();
        List<PoolMember> twoZones = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            threeZones.add(member("seeder-" + i, "zone-" + (i % 3), 100));
            twoZones.add(member("seeder-" + i, "zone-" + (i % 2), 100));
        }
        assertRemovalMovesOnlyTheTorrentsTheMemberHeld(threeZones, 2);
        assertRemovalMovesOnlyTheTorrentsTheMemberHeld(twoZones, 3);
    }

    @ParameterizedTest(name = "R = {0}")
    @ValueSource(ints = {2, 3})
    void addingANinthMemberChangesTheOwnerSetOfAboutROverNinthsOfTheTorrents(int replicas) {
        List<PoolMember> eight = members(8);
        PoolMember newcomer = member("seeder-8", null, 100);
        List<PoolMember> nine = new ArrayList<>(eight);
        nine.add(newcomer);
        int changed = 0;
        for (byte[] infoHash : INFO_HASHES) {
            Set<PoolMember> before = Set.copyOf(placement.owners(infoHash, eight, replicas));
            Set<PoolMember> after = Set.copyOf(placement.owners(infoHash, nine, replicas));
            if (!before.equals(after)) {
                changed++;
                assertThat(after)
                        .as("a torrent whose owners change gains the newcomer")
                        .contains(newcomer);
                assertThat(after.stream().filter(before::contains)).hasSize(replicas - 1);
            }
        }
        double expected = TORRENTS * (double) replicas / 9;
        long low = Math.round(expected * 0.8);
        long high = Math.round(expected * 1.2);
        String measured = String.format(
                "R=%d, N=8 -> 9: %d of %d torrents changed owner set (%.4f); expected R/(N+1) = %.0f (%.4f),"
                        + " bounds %d..%d (±20 %%)",
                replicas, changed, TORRENTS, changed / (double) TORRENTS, expected, expected / TORRENTS, low, high);
        LOG.info(measured);
        assertThat((long) changed).as(measured).isBetween(low, high);
    }

    /**
     * With R = 1 the heavy member's count is binomial: n = 10,000, p = 200/900 = 0.222, so 2,222 expected with a
     * standard deviation of √(n·p·(1−p)) = 41.6. The ratio of its share to a light member's mean share has a
     * standard deviation of about 0.04, so ±0.2 (and ±210 torrents) is five standard deviations: a correct
     * weighting cannot miss it, a weight that is ignored (ratio 1) or squared (ratio 4) cannot hit it.
     */
    @Test
    void aMemberOfWeight200AmongWeight100MembersOwnsAboutTwiceTheirShare() {
        List<PoolMember> live = new ArrayList<>(members(7));
        PoolMember heavy = member("seeder-heavy", null, 200);
        live.add(heavy);
        Map<String, Long> firstOwners = INFO_HASHES.stream()
                .map(infoHash -> placement.owners(infoHash, live, 1).get(0).id())
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        long heavyCount = firstOwners.getOrDefault(heavy.id(), 0L);
        double lightMean = (TORRENTS - heavyCount) / 7.0;
        double ratio = heavyCount / lightMean;
        String measured = String.format(
                "owners %s; the weight-200 member owns %d (%.4f, expected 2222 ± 210), %.3f times a weight-100"
                        + " member's mean %.1f (expected 2 ± 0.2)",
                firstOwners, heavyCount, heavyCount / (double) TORRENTS, ratio, lightMean);
        LOG.info(measured);
        assertThat(heavyCount).as(measured).isBetween(2222L - 210, 2222L + 210);
        assertThat(ratio).as(measured).isBetween(1.8, 2.2);
        assertThat(firstOwners.entrySet().stream()
                        .filter(owner -> !owner.getKey().equals(heavy.id()))
                        .map(Map.Entry::getValue))
                .as("every weight-100 member owns 1,111 ± 5 standard deviations (31.4 each): " + measured)
                .hasSize(7)
                .allSatisfy(count -> assertThat(count).isBetween(1111L - 157, 1111L + 157));
    }

    @Test
    void withThreeZonesAndTwoReplicasTheOwnersAreAlwaysInDistinctZones() {
        List<PoolMember> live = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            live.add(member("seeder-" + i, "zone-" + (i % 3), 100));
        }
        Map<String, Integer> copiesPerZone = new TreeMap<>();
        for (byte[] infoHash : INFO_HASHES) {
            List<PoolMember> owners = placement.owners(infoHash, live, 2);
            assertThat(owners).hasSize(2);
            assertThat(owners.get(0).zone()).isNotEqualTo(owners.get(1).zone());
            assertThat(owners.get(0))
                    .as("the top-ranked member is always an owner")
                    .isEqualTo(placement.owners(infoHash, live, live.size()).get(0));
            owners.forEach(owner -> copiesPerZone.merge(owner.zone().orElseThrow(), 1, Integer::sum));
        }
        LOG.infof("copies per zone with 3 zones, R=2: %s", copiesPerZone);
    }

    @Test
    void withOneZoneTheOwnersAreStillReplicasDistinctMembersTheTopOfTheRanking() {
        List<PoolMember> live = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            live.add(member("seeder-" + i, "zone-a", 100));
        }
        for (byte[] infoHash : INFO_HASHES) {
            List<PoolMember> owners = placement.owners(infoHash, live, 2);
            assertThat(owners).hasSize(2).doesNotHaveDuplicates();
            assertThat(owners).isEqualTo(placement.owners(infoHash, live, 4).subList(0, 2));
        }
    }

    @Test
    void withFewerZonesThanReplicasEveryZoneHoldsACopyAndTheRestFollowTheRanking() {
        List<PoolMember> live = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            live.add(member("seeder-" + i, i < 5 ? "zone-a" : "zone-b", 100));
        }
        for (byte[] infoHash : INFO_HASHES) {
            List<PoolMember> owners = placement.owners(infoHash, live, 3);
            assertThat(owners).hasSize(3).doesNotHaveDuplicates().contains(live.get(5));
            List<PoolMember> zoneA = placement.owners(infoHash, live.subList(0, 5), 5);
            assertThat(owners).as("zone-b's only member and zone-a's top two").containsAll(zoneA.subList(0, 2));
        }
    }

    @Test
    void aMemberWithoutAZoneIsItsOwnZone() {
        PoolMember a1 = member("a-1", "zone-a", 100);
        PoolMember a2 = member("a-2", "zone-a", 100);
        PoolMember loose1 = member("loose-1", null, 100);
        PoolMember loose2 = member("loose-2", null, 100);
        List<PoolMember> live = List.of(a1, a2, loose1, loose2);
        Set<PoolMember> zoneAOwners = new HashSet<>();
        for (byte[] infoHash : INFO_HASHES) {
            List<PoolMember> owners = placement.owners(infoHash, live, 3);
            assertThat(owners).hasSize(3).contains(loose1, loose2);
            assertThat(owners.stream().filter(m -> m.zone().isPresent()))
                    .as("three zones are live (zone-a, loose-1, loose-2), so zone-a holds one copy")
                    .hasSize(1);
            owners.stream().filter(m -> m.zone().isPresent()).forEach(zoneAOwners::add);
        }
        assertThat(zoneAOwners).containsExactlyInAnyOrder(a1, a2);
    }

    @Test
    void aMemberListedTwiceCountsOnce() {
        List<PoolMember> live = members(4);
        List<PoolMember> twice = new ArrayList<>(live);
        twice.add(live.get(2));
        twice.add(member("seeder-2", null, 100));
        for (byte[] infoHash : INFO_HASHES.subList(0, 1000)) {
            assertThat(placement.owners(infoHash, twice, 4)).isEqualTo(placement.owners(infoHash, live, 4));
        }
    }

    @Test
    void twoDifferentMembersWithOneIdAreRefused() {
        List<PoolMember> live = new ArrayList<>(members(3));
        live.add(new PoolMember("seeder-1", "10.0.9.9:6881"));
        assertThatThrownBy(() -> placement.owners(INFO_HASHES.get(0), live, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seeder-1");
        List<PoolMember> reweighed = new ArrayList<>(members(3));
        reweighed.add(member("seeder-1", null, 200));
        assertThatThrownBy(() -> placement.owners(INFO_HASHES.get(0), reweighed, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnInfoHashThatIsNeitherV1NorV2AndFewerThanOneReplica() {
        List<PoolMember> live = members(3);
        assertThatThrownBy(() -> placement.owners(new byte[19], live, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("19");
        assertThatThrownBy(() -> placement.owners(new byte[21], live, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> placement.owners(new byte[20], live, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(placement.owners(new byte[32], live, 2)).hasSize(2);
    }

    /**
     * Pins the hash itself, so a change to it (which would move nearly every torrent during a rolling upgrade,
     * old and new members disagreeing) fails here. The expected value was computed outside Java:
     * SHA-256(00 01 … 13 || "seeder-0") begins 9398332aa898e5dc, and ((x >>> 11) + 0.5) / 2^53 of that is the
     * double below.
     */
    @Test
    void theHashIsSha256OfTheInfoHashAndTheMemberIdMappedIntoTheUnitInterval() {
        byte[] infoHash = new byte[20];
        for (int i = 0; i < infoHash.length; i++) {
            infoHash[i] = (byte) i;
        }
        assertThat(RendezvousPlacement.unitHash(infoHash, "seeder-0")).isEqualTo(0.5765411357066088);
        assertThat(RendezvousPlacement.unitHash(infoHash, "seeder-0"))
                .isEqualTo(((0x9398332aa898e5dcL >>> 11) + 0.5) / 0x1p53);
        assertThat(RendezvousPlacement.score(infoHash, member("seeder-0", null, 100)))
                .isEqualTo(-100 / StrictMath.log(0.5765411357066088));
    }

    private void assertRemovalMovesOnlyTheTorrentsTheMemberHeld(List<PoolMember> all, int replicas) {
        for (PoolMember removed : all) {
            List<PoolMember> rest = new ArrayList<>(all);
            rest.remove(removed);
            int held = 0;
            int changed = 0;
            for (byte[] infoHash : INFO_HASHES) {
                List<PoolMember> before = placement.owners(infoHash, all, replicas);
                List<PoolMember> after = placement.owners(infoHash, rest, replicas);
                if (before.contains(removed)) {
                    held++;
                    Set<PoolMember> kept = new LinkedHashSet<>(before);
                    kept.remove(removed);
                    assertThat(after)
                            .as("a torrent %s held keeps its other owners and gains one", removed.id())
                            .hasSize(replicas)
                            .containsAll(kept);
                } else {
                    assertThat(after)
                            .as("a torrent %s did not hold keeps exactly its owners", removed.id())
                            .isEqualTo(before);
                }
                if (!Set.copyOf(before).equals(Set.copyOf(after))) {
                    changed++;
                }
            }
            LOG.infof(
                    "R=%d, %d members, %s removed: it held %d of %d torrents (%.4f, expected R/N = %.4f); %d changed",
                    replicas,
                    all.size(),
                    removed.id(),
                    held,
                    TORRENTS,
                    held / (double) TORRENTS,
                    replicas / (double) all.size(),
                    changed);
            assertThat(changed)
                    .as("torrents whose owners changed are those %s held", removed.id())
                    .isEqualTo(held);
        }
    }

    private static List<PoolMember> members(int count) {
        List<PoolMember> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(member("seeder-" + i, null, 100));
        }
        return members;
    }

    private static PoolMember member(String id, String zone, int weight) {
        int ordinal = Math.floorMod(id.hashCode(), 250) + 1;
        return new PoolMember(id, "10.0.0." + ordinal + ":6881", Optional.ofNullable(zone), weight);
    }

    private static List<byte[]> infoHashes(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] infoHash = new byte[20];
            random.nextBytes(infoHash);
            hashes.add(infoHash);
        }
        return List.copyOf(hashes);
    }

    private static <T> List<T> shuffled(List<T> list, SplittableRandom random) {
        List<T> copy = new ArrayList<>(list);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            copy.set(i, copy.set(j, copy.get(i)));
        }
        return copy;
    }
}
