package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.seeder.pool.PoolMember;
import io.bitquark.seeder.pool.RendezvousPlacement;
import io.bitquark.testsupport.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A seed pool on one machine, for the pool's tests: a redis-server of the test's own, tracker-service, an origin
 * seeder (not a member) that seeds the test's content and announces it, and pool members {@code seeder-0},
 * {@code seeder-1}, ... (packaged seeder-services that announce to the tracker too). The members beat every second,
 * a member is gone after {@value #TIMEOUT_SECONDS} s and its torrents move {@value #GRACE_SECONDS} s after that, so
 * that the tests do not wait for the production defaults (2 s, 10 s and 15 s).
 */
final class PoolFixture implements AutoCloseable {

    static final int TIMEOUT_SECONDS = 5;
    static final int GRACE_SECONDS = 3;
    /** A guard, not a target: how long the pool may take to settle a change on a loaded machine. */
    static final Duration POOL_WAIT = Duration.ofMinutes(5);

    private static final RendezvousPlacement PLACEMENT = new RendezvousPlacement();

    final Path work;
    final RedisServerProcess redis;
    TrackerServiceProcess tracker;
    SeederServiceProcess origin;
    /** The members by index; null once a test has killed or stopped one. */
    final List<SeederServiceProcess> members = new ArrayList<>();

    private PoolFixture(Path work, RedisServerProcess redis) {
        this.work = work;
        this.redis = redis;
    }

    /** Starts the pool's redis-server (with {@code redisArgs}), the tracker, the origin and {@code count} members. */
    static PoolFixture start(Path work, int count, String... redisArgs) throws Exception {
        PoolFixture pool = new PoolFixture(work, RedisServerProcess.startOnFreePort(List.of(redisArgs)));
        try {
            pool.tracker = TrackerServiceProcess.start();
            pool.origin = SeederServiceProcess.with(
                            Files.createDirectories(work.resolve("origin-data")),
                            Files.createDirectories(work.resolve("origin-state")))
                    .announceIp("127.0.0.1")
                    .start();
            for (int i = 0; i < count; i++) {
                pool.startMember();
            }
            pool.awaitLive(count);
        } catch (Exception | AssertionError e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    /** Starts the next member, {@code seeder-<index>}, and returns it (it joins at its first beat). */
    SeederServiceProcess startMember() throws Exception {
        int i = members.size();
        members.add(SeederServiceProcess.with(
                        Files.createDirectories(work.resolve("member-" + i + "-data")),
                        Files.createDirectories(work.resolve("member-" + i + "-state")))
                .announceIp("127.0.0.1")
                .property("quarkus.redis.hosts", redis.uri())
                .property("bitquark.seeder.pool.enabled", "true")
                .property("bitquark.seeder.pool.member-id", id(i))
                .property("bitquark.seeder.pool.heartbeat", "PT1S")
                .property("bitquark.seeder.pool.member-timeout", "PT" + TIMEOUT_SECONDS + "S")
                .property("bitquark.seeder.pool.grace", "PT" + GRACE_SECONDS + "S")
                .start());
        return members.get(i);
    }

    static String id(int member) {
        return "seeder-" + member;
    }

    static int index(String memberId) {
        return Integer.parseInt(memberId.substring("seeder-".length()));
    }

    /** The first member still running: whom the test asks about the pool. */
    SeederServiceProcess anyMember() {
        return members.stream().filter(m -> m != null).findFirst().orElseThrow();
    }

    /** Waits until {@code count} members are live. */
    void awaitLive(int count) {
        await("%d live pool members".formatted(count))
                .atMost(Duration.ofSeconds(60))
                .until(() -> live(anyMember().json("/pool/members")) == count);
    }

    private static long live(JsonNode members) {
        int live = 0;
        for (JsonNode m : members) {
            live += m.path("live").asBoolean() ? 1 : 0;
        }
        return live;
    }

    /** Content of a few MiB that the origin seeds and the tracker lists. */
    SeedContent originSeeds(String name, long seed) throws Exception {
        return seededByOrigin(SeedContent.create(
                work.resolve("origin-data"),
                work.resolve("torrents"),
                name,
                seed,
                MetaVersion.V1,
                List.of(tracker.httpAnnounceUrl())));
    }

    /**
     * A torrent of one 100 kB file under the origin's data root, announcing to the tracker but not yet seeded, so
     * that a test can choose its torrents by placement first; {@link #seededByOrigin} seeds it.
     */
    SeedContent smallContent(String name, long seed) throws Exception {
        return SeedContent.small(
                work.resolve("origin-data"), work.resolve("torrents"), name, seed, List.of(tracker.httpAnnounceUrl()));
    }

    /** {@code mebibytes} MiB in a v1 torrent that the origin seeds and the tracker lists. */
    SeedContent originSeedsLarge(String name, long seed, int mebibytes) throws Exception {
        return seededByOrigin(SeedContent.large(
                work.resolve("origin-data"),
                work.resolve("torrents"),
                name,
                seed,
                mebibytes,
                List.of(tracker.httpAnnounceUrl())));
    }

    /** The origin seeds {@code content}, and the tracker lists it. */
    SeedContent seededByOrigin(SeedContent content) {
        origin.seed(content);
        tracker.awaitListed(content.infoHash(), origin.announcedPeer());
        return content;
    }

    /** Adds {@code content} to the pool through member {@code via} with replica count {@code replicas}. */
    void add(int via, SeedContent content, int replicas) {
        assertThat(members.get(via).poolAdd(content.torrent(), replicas))
                .as("Location")
                .endsWith("/pool/torrents/" + content.id());
    }

    /** The pool's view of {@code content}, as a running member answers it. */
    JsonNode view(SeedContent content) {
        return anyMember().json("/pool/torrents/" + content.id());
    }

    /** Waits until the pool's view of {@code content} satisfies {@code condition}; returns that view. */
    JsonNode awaitView(SeedContent content, String what, Predicate<JsonNode> condition) {
        return await(content.name() + ": " + what)
                .atMost(POOL_WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> view(content), condition);
    }

    /** Waits until {@code content} is {@code placed}; returns the view. */
    JsonNode awaitPlaced(SeedContent content) {
        return awaitView(content, "placed", v -> "placed".equals(v.path("state").asText()));
    }

    /**
     * What {@link #watch} saw: the last listing, by info-hash, and each moment a torrent had fewer than R verified
     * copies on live members.
     */
    record Watch(Map<String, JsonNode> last, List<String> belowR) {}

    /**
     * Polls the pool's listing ({@code GET /pool/torrents}) every 250 ms until {@code done} holds of it, recording
     * every listing in which a torrent had fewer than its R verified copies on live members.
     */
    Watch watch(String what, Predicate<Map<String, JsonNode>> done) {
        List<String> belowR = new ArrayList<>();
        Map<String, JsonNode> last = await(what)
                .atMost(POOL_WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            Map<String, JsonNode> listing = new TreeMap<>();
                            for (JsonNode view : anyMember().json("/pool/torrents")) {
                                listing.put(view.path("infoHash").asText(), view);
                                int verified = 0;
                                for (JsonNode c : view.path("copies")) {
                                    verified += c.path("live").asBoolean()
                                                    && "seeding"
                                                            .equals(c.path("state")
                                                                    .asText())
                                            ? 1
                                            : 0;
                                }
                                if (verified < view.path("replicas").asInt()) {
                                    belowR.add(view.toString());
                                }
                            }
                            return listing;
                        },
                        done);
        return new Watch(last, belowR);
    }

    /** Whether a torrent's view is placed on {@code owners}, and only they report copies. */
    static boolean settledOn(JsonNode view, Set<String> owners) {
        return view != null
                && "placed".equals(view.path("state").asText())
                && owners(view).equals(owners)
                && copies(view).equals(owners);
    }

    static Set<String> owners(JsonNode view) {
        Set<String> owners = new TreeSet<>();
        view.path("owners").forEach(o -> owners.add(o.asText()));
        return owners;
    }

    /** The members whose copies the view reports verified and seeding. */
    static Set<String> seeding(JsonNode view) {
        Set<String> seeding = new TreeSet<>();
        view.path("copies").forEach(c -> {
            if ("seeding".equals(c.path("state").asText())) {
                seeding.add(c.path("member").asText());
            }
        });
        return seeding;
    }

    /** The members that report any copy (fetching or seeding). */
    static Set<String> copies(JsonNode view) {
        Set<String> copies = new TreeSet<>();
        view.path("copies").forEach(c -> copies.add(c.path("member").asText()));
        return copies;
    }

    /** Where member {@code member} keeps its copy of {@code content}: {@code <data-root>/pool/<info-hash>}. */
    Path copyOf(int member, SeedContent content) {
        return work.resolve("member-" + member + "-data").resolve("pool").resolve(content.id());
    }

    /** Asserts member {@code member} seeds a byte-identical copy of {@code content}. */
    void assertSeedsVerifiedCopy(int member, SeedContent content) {
        assertThat(members.get(member).torrent(content.id()).path("state").asText())
                .as("%s's copy of %s", id(member), content.name())
                .isEqualTo("seeding");
        assertThat(content.sha256In(copyOf(member, content)))
                .as("%s's files of %s", id(member), content.name())
                .isEqualTo(content.sha256());
    }

    /** The owners placement chooses for {@code content} among members {@code 0..count-1} (default weight, no zone). */
    static Set<String> placement(SeedContent content, int count, int replicas) {
        List<PoolMember> candidates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            candidates.add(new PoolMember(id(i), "127.0.0.1:" + (6881 + i)));
        }
        Set<String> owners = new TreeSet<>();
        PLACEMENT
                .owners(HexFormat.of().parseHex(content.id()), candidates, replicas)
                .forEach(m -> owners.add(m.id()));
        return owners;
    }

    /**
     * The fixture for a test class: {@code @RegisterExtension static final PoolFixture.PerClass POOL = new
     * PoolFixture.PerClass(3);} starts it before the class's tests, in a temporary directory of its own, and
     * closes it after them.
     */
    static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private final int members;
        private final String[] redisArgs;
        private Path dir;
        private PoolFixture pool;

        /** A pool of {@code members} members on a redis-server started with {@code redisArgs}. */
        PerClass(int members, String... redisArgs) {
            this.members = members;
            this.redisArgs = redisArgs.clone();
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            dir = Files.createTempDirectory("bitquark-pool-");
            pool = start(dir, members, redisArgs);
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            if (pool != null) {
                pool.close();
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        PoolFixture get() {
            return pool;
        }
    }

    @Override
    public void close() {
        members.stream().filter(m -> m != null).forEach(SeederServiceProcess::close);
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
}
