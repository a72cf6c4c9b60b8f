package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A seed pool of three members ({@link PoolFixture}) holds a 24 MiB torrent with R = 2, and the origin has gone, so
 * the two owners are the swarm's only seeds. aria2c downloads it through the tracker, held to 1 MiB/s so that it is
 * still downloading when one owner is SIGKILLed. The third member becomes an owner once the dead one's member timeout
 * and grace have passed, fetches from the surviving copy and seeds a verified copy; aria2c completes byte-identical.
 * The test asserts these events, with the fixture's guard of minutes; how long healing took is printed as a figure
 * ({@code bench/seeder/pool-bench.sh} measures it on the production defaults).
 */
@Tag("interop")
class PoolDyingOwnerIT {

    @RegisterExtension
    static final PoolFixture.PerClass POOL = new PoolFixture.PerClass(3);

    @Test
    void anotherMemberSeedsAVerifiedCopyAfterAnOwnerIsKilledWhileAria2KeepsDownloadingFromThePool() throws Exception {
        PoolFixture pool = POOL.get();
        Path work = pool.work;
        SeedContent content = pool.originSeedsLarge("dying-owner", 43, 24);
        pool.add(0, content, 2);
        Set<String> owners = PoolFixture.owners(pool.awaitPlaced(content));
        pool.origin.close();
        pool.origin = null;

        Path saveDir = work.resolve("aria2");
        long uploadedBefore = uploaded(owners, content);
        try (BitTorrentClients.Background aria2 =
                BitTorrentClients.aria2InBackground(content.torrent(), saveDir, work, "--max-download-limit=1M")) {
            await("aria2c downloading its first MiB from the pool")
                    .atMost(PoolFixture.POOL_WAIT)
                    .until(() -> uploaded(owners, content) - uploadedBefore >= 1 << 20);
            int victim = PoolFixture.index(owners.iterator().next());
            String survivor = other(owners, PoolFixture.id(victim));
            String third = other(Set.of("seeder-0", "seeder-1", "seeder-2"), owners.toArray(String[]::new));
            assertThat(aria2.process().isAlive())
                    .as("aria2c still downloading at the kill")
                    .isTrue();

            long killed = System.nanoTime();
            pool.members.get(victim).kill();
            pool.members.set(victim, null);

            pool.awaitView(
                    content, "a copy on " + third, v -> PoolFixture.copies(v).contains(third));
            long detected = System.nanoTime();
            JsonNode healed = pool.awaitView(
                    content,
                    "placed without " + PoolFixture.id(victim),
                    v -> "placed".equals(v.path("state").asText())
                            && !PoolFixture.owners(v).contains(PoolFixture.id(victim)));
            long done = System.nanoTime();
            System.out.printf(
                    "PoolDyingOwnerIT: 24 MiB healed %.1f s after the kill (a new copy %.1f s after, with a member "
                            + "timeout of %d s and a grace of %d s; copied in %.1f s)%n",
                    (done - killed) / 1e9,
                    (detected - killed) / 1e9,
                    PoolFixture.TIMEOUT_SECONDS,
                    PoolFixture.GRACE_SECONDS,
                    (done - detected) / 1e9);

            Set<String> newOwners = PoolFixture.owners(healed);
            assertThat(newOwners).as("the owners after the heal").isEqualTo(new TreeSet<>(Set.of(survivor, third)));
            for (String owner : newOwners) {
                pool.assertSeedsVerifiedCopy(PoolFixture.index(owner), content);
            }

            BitTorrentClients.Run run = aria2.await();
            assertThat(run.ok()).as("aria2c: %s", run.output()).isTrue();
        }
        assertThat(content.sha256In(saveDir.resolve(content.name())))
                .as("aria2c's download")
                .isEqualTo(content.sha256());
    }

    /** The one member of {@code members} that is none of {@code others}. */
    private static String other(Set<String> members, String... others) {
        Set<String> rest = new TreeSet<>(members);
        rest.removeAll(Set.of(others));
        assertThat(rest).hasSize(1);
        return rest.iterator().next();
    }

    /** What the owners have uploaded of {@code content}, to each other and to aria2c. */
    private static long uploaded(Set<String> owners, SeedContent content) {
        long uploaded = 0;
        for (String owner : owners) {
            uploaded += POOL.get()
                    .members
                    .get(PoolFixture.index(owner))
                    .torrent(content.id())
                    .path("uploaded")
                    .asLong();
        }
        return uploaded;
    }
}
