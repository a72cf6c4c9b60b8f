package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fourth member joins a pool of three ({@link PoolFixture}) that holds four torrents with R = 2, chosen with the
 * placement function so that two of them hash to the newcomer and two do not. Only the two move: the newcomer
 * fetches them, and the owner each displaces deletes its copy only once the newcomer seeds a verified one (make
 * before break). Polled every 250 ms, no torrent ever has fewer than R verified copies on live members.
 */
@Tag("interop")
class PoolJoiningMemberIT {

    @RegisterExtension
    static final PoolFixture.PerClass POOL = new PoolFixture.PerClass(3);

    @Test
    void onlyTheTorrentsThatHashToANewMemberMoveAndNoneEverHasFewerThanRVerifiedCopies() throws Exception {
        PoolFixture pool = POOL.get();
        List<SeedContent> moving = new ArrayList<>();
        List<SeedContent> staying = new ArrayList<>();
        for (int seed = 0; moving.size() < 2 || staying.size() < 2; seed++) {
            SeedContent c = pool.smallContent("join-" + seed, 1000 + seed);
            boolean moves = PoolFixture.placement(c, 4, 2).contains(PoolFixture.id(3));
            List<SeedContent> kind = moves ? moving : staying;
            if (kind.size() < 2) {
                kind.add(pool.seededByOrigin(c));
            }
        }
        List<SeedContent> all = new ArrayList<>(moving);
        all.addAll(staying);
        for (SeedContent c : all) {
            pool.add(0, c, 2);
        }
        for (SeedContent c : all) {
            assertThat(PoolFixture.owners(pool.awaitPlaced(c)))
                    .as("%s placed on three members", c.name())
                    .isEqualTo(PoolFixture.placement(c, 3, 2));
        }

        pool.startMember();
        Set<String> touched = new TreeSet<>();
        PoolFixture.Watch watch = pool.watch("the moves done", listing -> {
            for (SeedContent c : staying) {
                if (!PoolFixture.copies(listing.get(c.id())).equals(PoolFixture.placement(c, 3, 2))) {
                    touched.add(c.name() + ": " + listing.get(c.id()));
                }
            }
            return all.stream()
                    .allMatch(c -> PoolFixture.settledOn(listing.get(c.id()), PoolFixture.placement(c, 4, 2)));
        });

        assertThat(watch.belowR())
                .as("listings with fewer than R verified copies")
                .isEmpty();
        assertThat(touched)
                .as("torrents that do not hash to the newcomer, whose copies changed")
                .isEmpty();
        for (SeedContent c : moving) {
            Set<String> owners = PoolFixture.placement(c, 4, 2);
            assertThat(owners).contains(PoolFixture.id(3));
            pool.assertSeedsVerifiedCopy(3, c);
            for (String displaced : new TreeSet<>(PoolFixture.placement(c, 3, 2))) {
                if (!owners.contains(displaced)) {
                    assertThat(pool.copyOf(PoolFixture.index(displaced), c))
                            .as("%s's old copy of %s", displaced, c.name())
                            .doesNotExist();
                }
            }
        }
        for (SeedContent c : staying) {
            assertThat(PoolFixture.placement(c, 4, 2)).isEqualTo(PoolFixture.placement(c, 3, 2));
            assertThat(pool.copyOf(3, c))
                    .as("the newcomer's copy of %s", c.name())
                    .doesNotExist();
        }
        assertThat(pool.members.get(3).torrents().path("total").asInt())
                .as("the newcomer's torrents")
                .isEqualTo(moving.size());
    }
}
