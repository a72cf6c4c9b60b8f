package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three packaged seeder-services form a seed pool ({@link PoolFixture}); an origin seeder (not a member) seeds a
 * torrent and announces it to tracker-service. Added once, to one member, with R = 2, the torrent ends up verified
 * and seeding on exactly two members, the ones placement chose, and the pool says {@code placed}.
 */
@Tag("interop")
class PoolPlacementIT {

    @RegisterExtension
    static final PoolFixture.PerClass POOL = new PoolFixture.PerClass(3);

    @Test
    void aTorrentAddedOnceWithR2EndsVerifiedAndSeedingOnExactlyTwoMembers() throws Exception {
        PoolFixture pool = POOL.get();
        SeedContent content = pool.originSeeds("pooled", 41);

        pool.add(1, content, 2);

        JsonNode placed = pool.awaitPlaced(content);
        Set<String> owners = PoolFixture.owners(placed);
        assertThat(owners).as("the owners").isEqualTo(PoolFixture.placement(content, 3, 2));
        for (int i = 0; i < 3; i++) {
            if (owners.contains(PoolFixture.id(i))) {
                pool.assertSeedsVerifiedCopy(i, content);
            } else {
                assertThat(pool.members.get(i).torrents().path("total").asInt())
                        .as("%s holds nothing", PoolFixture.id(i))
                        .isZero();
                assertThat(pool.copyOf(i, content)).doesNotExist();
            }
        }
        assertThat(PoolFixture.seeding(placed)).as("the verified copies").isEqualTo(owners);
        assertThat(PoolFixture.copies(placed)).as("every copy").isEqualTo(owners);
        await("one placed torrent in the metrics of member 0, once its next round has read the pool")
                .atMost(PoolFixture.POOL_WAIT)
                .until(
                        () -> pool.members.get(0).metric("bitquark_seeder_pool_torrents{state=\"placed\"}"),
                        m -> m.orElse(0) == 1.0);
    }
}
