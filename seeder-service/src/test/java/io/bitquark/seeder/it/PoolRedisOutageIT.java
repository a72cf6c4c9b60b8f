package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pool's redis-server (with AOF, so that the catalog survives) is SIGKILLed for 10 s under a pool of three
 * ({@link PoolFixture}) that holds a torrent with R = 2, whose origin has gone. Meanwhile every member stays ready
 * and keeps seeding (libtorrent downloads the torrent from the owners), the pool's health data and metrics say the
 * store is down, and no copy is deleted. When Redis returns, the members wait one member timeout before acting
 * (their beats are all older than the timeout by then), and the pool is as it was: placed on the same owners.
 */
@Tag("interop")
class PoolRedisOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @RegisterExtension
    static final PoolFixture.PerClass POOL =
            new PoolFixture.PerClass(3, "--appendonly", "yes", "--appendfsync", "always");

    @Test
    void membersKeepSeedingAndDeleteNothingWhileRedisIsDownAndThePoolRecoversWhenItReturns() throws Exception {
        PoolFixture pool = POOL.get();
        Path work = pool.work;
        SeedContent content = pool.originSeeds("outage", 47);
        pool.add(0, content, 2);
        Set<String> owners = PoolFixture.owners(pool.awaitPlaced(content));
        pool.origin.close();
        pool.origin = null;
        List<String> seeds = new ArrayList<>();
        owners.forEach(o ->
                seeds.add("127.0.0.1:" + pool.members.get(PoolFixture.index(o)).peerPort()));

        long killed = System.nanoTime();
        pool.redis.kill();
        for (int i = 0; i < 3; i++) {
            SeederServiceProcess member = pool.members.get(i);
            await(PoolFixture.id(i) + " seeing the store down")
                    .atMost(PoolFixture.POOL_WAIT)
                    .until(() -> !member.poolHealth().path("storeUp").asBoolean());
            assertThat(member.metric("bitquark_seeder_pool_store_up"))
                    .as("%s's bitquark_seeder_pool_store_up", PoolFixture.id(i))
                    .hasValue(0.0);
        }
        BitTorrentClients.Run download =
                BitTorrentClients.libtorrent(content.torrent(), work.resolve("lt"), work, seeds.toArray(String[]::new));
        assertThat(download.ok()).as("libtorrent: %s", download.output()).isTrue();
        assertThat(content.sha256In(work.resolve("lt").resolve(content.name())))
                .as("libtorrent's download from the owners during the outage")
                .isEqualTo(content.sha256());
        List<String> lost = new ArrayList<>();
        recordLosses(content, owners, lost);
        long down = System.nanoTime() - killed;
        if (down < OUTAGE.toNanos()) {
            Thread.sleep((OUTAGE.toNanos() - down) / 1_000_000); // the outage's length is the scenario
        }

        pool.redis.start();

        for (int i = 0; i < 3; i++) {
            SeederServiceProcess member = pool.members.get(i);
            await(PoolFixture.id(i) + " settled again")
                    .atMost(PoolFixture.POOL_WAIT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        recordLosses(content, owners, lost);
                        return member.poolHealth().path("settled").asBoolean();
                    });
        }
        PoolFixture.Watch after =
                pool.watch("the pool as it was", listing -> PoolFixture.settledOn(listing.get(content.id()), owners));
        assertThat(after.belowR())
                .as("listings with fewer than R verified copies")
                .isEmpty();
        recordLosses(content, owners, lost);
        assertThat(lost)
                .as("copies lost or fetched during and after the outage")
                .isEmpty();
        for (String owner : owners) {
            pool.assertSeedsVerifiedCopy(PoolFixture.index(owner), content);
        }
        assertThat(pool.members.get(0).metric("bitquark_seeder_pool_store_up")).hasValue(1.0);
    }

    /** Records in {@code lost} an owner without its copy, or a copy on the member that is not an owner. */
    private static void recordLosses(SeedContent content, Set<String> owners, List<String> lost) {
        for (int i = 0; i < 3; i++) {
            boolean owner = owners.contains(PoolFixture.id(i));
            boolean holds = Files.isDirectory(POOL.get().copyOf(i, content));
            if (owner != holds) {
                lost.add(PoolFixture.id(i) + (owner ? " lost its copy" : " has a copy"));
            }
            if (POOL.get().members.get(i).torrents().path("total").asInt() != (owner ? 1 : 0)) {
                lost.add(PoolFixture.id(i) + " seeds other torrents than it did");
            }
        }
    }
}
