package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Draining a member of a pool of three ({@link PoolFixture}) that holds three torrents with R = 2, two of them on the
 * drained member: they move to the other two members make before break, never below R verified copies (polled every
 * 250 ms), and the drained member ends holding nothing, which {@code GET /pool/members} reports ({@code needed} 0).
 * Undrained, it takes its torrents back the same way.
 */
@Tag("interop")
class PoolDrainIT {

    private static final String DRAINED = PoolFixture.id(0);

    @RegisterExtension
    static final PoolFixture.PerClass POOL = new PoolFixture.PerClass(3);

    @Test
    void aDrainedMembersTorrentsMoveAwayMakeBeforeBreakUntilItHoldsNothingThePoolNeeds() throws Exception {
        PoolFixture pool = POOL.get();
        List<SeedContent> onDrained = new ArrayList<>();
        List<SeedContent> elsewhere = new ArrayList<>();
        for (int seed = 0; onDrained.size() < 2 || elsewhere.isEmpty(); seed++) {
            SeedContent c = pool.smallContent("drain-" + seed, 2000 + seed);
            List<SeedContent> kind = PoolFixture.placement(c, 3, 2).contains(DRAINED) ? onDrained : elsewhere;
            if (kind.size() < (kind == onDrained ? 2 : 1)) {
                kind.add(pool.seededByOrigin(c));
            }
        }
        List<SeedContent> all = new ArrayList<>(onDrained);
        all.addAll(elsewhere);
        for (SeedContent c : all) {
            pool.add(1, c, 2);
        }
        all.forEach(pool::awaitPlaced);
        assertThat(member(DRAINED).path("needed").asInt())
                .as("what the pool needs of %s before the drain", DRAINED)
                .isEqualTo(2);

        pool.members.get(2).poolDrain(DRAINED, true);

        Set<String> rest = new TreeSet<>(Set.of(PoolFixture.id(1), PoolFixture.id(2)));
        PoolFixture.Watch drained = pool.watch("every torrent on " + rest, listing -> all.stream()
                .allMatch(c -> PoolFixture.settledOn(listing.get(c.id()), rest)));
        assertThat(drained.belowR())
                .as("listings with fewer than R verified copies")
                .isEmpty();
        JsonNode member = await(DRAINED + " reporting it holds nothing the pool needs")
                .atMost(PoolFixture.POOL_WAIT)
                .until(() -> member(DRAINED), m -> m.path("torrents").asInt() == 0);
        assertThat(member.path("drained").asBoolean()).isTrue();
        assertThat(member.path("needed").asInt()).isZero();
        assertThat(member.path("bytes").asLong()).isZero();
        assertThat(pool.members.get(0).torrents().path("total").asInt())
                .as("%s's torrents", DRAINED)
                .isZero();
        for (SeedContent c : onDrained) {
            assertThat(pool.copyOf(0, c))
                    .as("%s's copy of %s", DRAINED, c.name())
                    .doesNotExist();
        }
        for (SeedContent c : all) {
            pool.assertSeedsVerifiedCopy(1, c);
            pool.assertSeedsVerifiedCopy(2, c);
        }

        pool.members.get(1).poolDrain(DRAINED, false);

        PoolFixture.Watch back = pool.watch(DRAINED + " back in placement", listing -> all.stream()
                .allMatch(c -> PoolFixture.settledOn(listing.get(c.id()), PoolFixture.placement(c, 3, 2))));
        assertThat(back.belowR())
                .as("listings with fewer than R verified copies")
                .isEmpty();
        assertThat(member(DRAINED).path("drained").asBoolean()).isFalse();
        for (SeedContent c : onDrained) {
            pool.assertSeedsVerifiedCopy(0, c);
        }
    }

    /** The member {@code id} as {@code GET /pool/members} lists it. */
    private static JsonNode member(String id) {
        for (JsonNode m : POOL.get().anyMember().json("/pool/members")) {
            if (id.equals(m.path("id").asText())) {
                return m;
            }
        }
        throw new AssertionError(id + " is not listed");
    }
}
