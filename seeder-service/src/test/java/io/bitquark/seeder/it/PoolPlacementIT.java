package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.testsupport.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three packaged seeder-services form a seed pool on a redis-server of the test's own; an origin seeder (not a
 * member) seeds a torrent and announces it to tracker-service. Added once, to one member, with R = 2, the torrent
 * ends up verified and seeding on exactly two members, the ones placement chose, and the pool says {@code placed}.
 * The members beat every second and a member is gone after 5 s, so that the test does not wait for the production
 * defaults.
 */
@Tag("interop")
class PoolPlacementIT {

    /** A guard, not a target: how long placement may take on a loaded machine. */
    private static final Duration PLACEMENT_WAIT = Duration.ofMinutes(5);

    @TempDir
    static Path work;

    static RedisServerProcess redis;
    static TrackerServiceProcess tracker;
    static SeederServiceProcess origin;
    static final List<SeederServiceProcess> members = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.startOnFreePort();
        tracker = TrackerServiceProcess.start();
        origin = SeederServiceProcess.with(
                        Files.createDirectories(work.resolve("origin-data")),
                        Files.createDirectories(work.resolve("origin-state")))
                .announceIp("127.0.0.1")
                .start();
        for (int i = 0; i < 3; i++) {
            members.add(SeederServiceProcess.with(
                            Files.createDirectories(work.resolve("member-" + i + "-data")),
                            Files.createDirectories(work.resolve("member-" + i + "-state")))
                    .announceIp("127.0.0.1")
                    .property("quarkus.redis.hosts", redis.uri())
                    .property("bitquark.seeder.pool.enabled", "true")
                    .property("bitquark.seeder.pool.member-id", "seeder-" + i)
                    .property("bitquark.seeder.pool.heartbeat", "PT1S")
                    .property("bitquark.seeder.pool.member-timeout", "PT5S")
                    .property("bitquark.seeder.pool.grace", "PT3S")
                    .start());
        }
    }

    @AfterAll
    static void stop() {
        members.forEach(SeederServiceProcess::close);
        for (AutoCloseable c : new AutoCloseable[] {origin, tracker, redis}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // the next one is still closed
            }
        }
    }

    @Test
    void aTorrentAddedOnceWithR2EndsVerifiedAndSeedingOnExactlyTwoMembers() throws Exception {
        SeedContent content = SeedContent.create(
                work.resolve("origin-data"),
                work.resolve("torrents"),
                "pooled",
                41,
                MetaVersion.V1,
                List.of(tracker.httpAnnounceUrl()));
        origin.seed(content);
        tracker.awaitListed(content.infoHash(), origin.announcedPeer());
        await("every member in the pool")
                .atMost(Duration.ofSeconds(60))
                .until(() -> members.get(0).json("/pool/members").size() == 3);

        String path = "/pool/torrents/" + content.id();
        assertThat(members.get(1).poolAdd(content.torrent(), 2)).as("Location").endsWith(path);

        JsonNode placed = await("the torrent placed")
                .atMost(PLACEMENT_WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> members.get(2).json(path), t -> "placed"
                        .equals(t.path("state").asText()));
        List<String> owners = new ArrayList<>();
        placed.get("owners").forEach(o -> owners.add(o.asText()));
        assertThat(owners).hasSize(2);
        for (int i = 0; i < 3; i++) {
            String id = "seeder-" + i;
            Path copy = work.resolve("member-" + i + "-data").resolve("pool").resolve(content.id());
            if (owners.contains(id)) {
                assertThat(members.get(i).torrent(content.id()).path("state").asText())
                        .as("%s's copy", id)
                        .isEqualTo("seeding");
                assertThat(content.sha256In(copy)).as("%s's files", id).isEqualTo(content.sha256());
            } else {
                assertThat(members.get(i).torrents().path("total").asInt())
                        .as("%s holds nothing", id)
                        .isZero();
                assertThat(copy).doesNotExist();
            }
        }
        assertThat(placed.get("copies"))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.path("state").asText()).isEqualTo("seeding"));
    }
}
