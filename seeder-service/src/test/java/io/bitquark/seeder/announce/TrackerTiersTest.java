package io.bitquark.seeder.announce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** BEP 12 tier order: shuffled once, tier by tier, a tracker that answered first in its tier. */
class TrackerTiersTest {

    static List<String> urls(TrackerTiers tiers) {
        return tiers.inOrder().stream().map(TrackerState::url).toList();
    }

    @Test
    void tiersAreTriedInOrderAndEachTierIsAPermutationOfItsTrackers() {
        TrackerTiers tiers = new TrackerTiers(List.of(List.of("a", "b", "c"), List.of("d", "e")), new Random(1));

        List<String> order = urls(tiers);

        assertThat(order.subList(0, 3)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(order.subList(3, 5)).containsExactlyInAnyOrder("d", "e");
        assertThat(tiers.inOrder()).extracting(TrackerState::tier).containsExactly(0, 0, 0, 1, 1);
    }

    @Test
    void eachTierIsShuffledOnceNotAtEveryAnnounce() {
        TrackerTiers tiers = new TrackerTiers(List.of(List.of("a", "b", "c", "d", "e", "f")), new Random(7));

        List<String> first = urls(tiers);

        assertThat(IntStream.range(0, 10).mapToObj(i -> urls(tiers))).allMatch(first::equals);
    }

    @Test
    void shufflingDependsOnTheRandomSource() {
        List<List<String>> list = List.of(List.of("a", "b", "c", "d", "e", "f", "g", "h"));

        assertThat(IntStream.range(0, 20)
                        .mapToObj(seed -> urls(new TrackerTiers(list, new Random(seed))))
                        .distinct())
                .hasSizeGreaterThan(1);
    }

    @Test
    void aTrackerThatAnsweredMovesToTheFrontOfItsOwnTierOnly() {
        TrackerTiers tiers = new TrackerTiers(List.of(List.of("a", "b", "c"), List.of("d", "e")), new Random(3));
        List<TrackerState> before = tiers.inOrder();

        tiers.promote(before.get(2));
        tiers.promote(before.get(4));

        assertThat(tiers.inOrder())
                .containsExactly(before.get(2), before.get(0), before.get(1), before.get(4), before.get(3));
    }

    @Test
    void aUrlListedTwiceKeepsItsFirstPlaceAndEmptyTiersAreDropped() {
        TrackerTiers tiers = new TrackerTiers(List.of(List.of("a"), List.of(), List.of("a", "b")), new Random(0));

        assertThat(urls(tiers)).containsExactly("a", "b");
        assertThat(tiers.inOrder()).extracting(TrackerState::tier).containsExactly(0, 1);
    }

    @Test
    void noTrackersMakeAnEmptyOrder() {
        assertThat(new TrackerTiers(List.of(), new Random(0)).isEmpty()).isTrue();
    }
}
