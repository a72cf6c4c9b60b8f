package io.bitquark.metainfo.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bitquark.metainfo.create.CreateOptions;
import io.bitquark.metainfo.jobs.Job;
import io.bitquark.metainfo.jobs.JobService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Creations as jobs: 202 with {@code /api/jobs/{id}}, progress, cancellation and server-sent events.
 *
 * <p>Jobs run on one thread here, so a test makes a job wait in the queue by occupying that thread with a
 * job of its own until it lets it go: no timing is involved.
 */
@QuarkusTest
@io.quarkus.test.common.WithTestResource(FreshDirectories.class)
@TestProfile(JobTest.OneJobThread.class)
class JobTest {

    static final int ASYNC_THRESHOLD = 1024 * 1024;

    /** One job thread, one hashing thread, jobs from 1 MiB up. */
    public static class OneJobThread implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bitquark.metainfo.jobs.threads",
                    "1",
                    "bitquark.metainfo.create.hash-threads",
                    "1",
                    "bitquark.metainfo.create.async-threshold",
                    String.valueOf(ASYNC_THRESHOLD));
        }
    }

    @Inject
    JobService jobs;

    @Inject
    TorrentService torrents;

    private final JobThreadBlocker blocker = new JobThreadBlocker();

    @AfterEach
    void releaseBlockers() {
        blocker.release();
    }

    static Response createAsync(String body) {
        return given().contentType("application/json")
                .header("Prefer", "respond-async")
                .body(body)
                .post("/api/torrents");
    }

    static JsonPath job(String id) {
        return given().get("/api/jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath awaitFinal(String id) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> List.of("done", "failed", "cancelled").contains(job(id).getString("state")));
        return job(id);
    }

    @Test
    void anAsyncCreateIsA202WhoseJobReachesDoneWithNonDecreasingProgress() {
        ContentFixture.file("async/a.bin", 8 * 1024 * 1024, 1);
        Response r = createAsync("{\"path\": \"async/a.bin\", \"pieceLength\": 16384}");
        r.then()
                .statusCode(202)
                .header("Location", endsWith("/api/jobs/" + r.path("id")))
                .header("Preference-Applied", "respond-async")
                .body("totalBytes", equalTo(8 * 1024 * 1024))
                .body("result", nullValue());
        String id = r.path("id");
        List<Long> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    JsonPath j = job(id);
                    seen.add(j.getLong("bytesHashed"));
                    return j.getString("state").equals("done");
                });
        assertThat(seen).isSorted().last().isEqualTo(8L * 1024 * 1024);
        JsonPath done = job(id);
        assertThat(done.getDouble("percent")).isEqualTo(100.0);
        assertThat(done.getBoolean("created")).isTrue();
        assertThat(done.getString("finishedAt")).isNotNull();
        String torrentId = done.getString("result.id");
        given().get("/api/torrents/" + torrentId).then().statusCode(200).body("name", equalTo("a.bin"));
    }

    @Test
    void contentOverTheAsyncThresholdBecomesAJobWithoutBeingAsked() {
        ContentFixture.file("threshold/big.bin", ASYNC_THRESHOLD + 1, 2);
        ContentFixture.file("threshold/small.bin", ASYNC_THRESHOLD, 3);
        Response r = given().contentType("application/json")
                .body("{\"path\": \"threshold/big.bin\"}")
                .post("/api/torrents");
        r.then().statusCode(202).header("Preference-Applied", nullValue());
        assertThat(awaitFinal(r.path("id")).getString("state")).isEqualTo("done");
        given().contentType("application/json")
                .body("{\"path\": \"threshold/small.bin\"}")
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .body("name", equalTo("small.bin"));
    }

    @Test
    void badInputIsRefusedAtOnceEvenWhenAJobIsAskedFor() {
        ContentFixture.file("sync/ok.bin", 100, 4);
        createAsync("{\"path\": \"no/such.bin\"}").then().statusCode(404).contentType("application/problem+json");
        createAsync("{\"path\": \"sync/ok.bin\", \"pieceLength\": 1000}")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().contentType("application/octet-stream")
                .header("Prefer", "respond-async")
                .body(new byte[10])
                .post("/api/torrents/upload?name=..")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aQueuedJobCancelledEndsCancelledAndNeverRuns() {
        ContentFixture.file("queued/q.bin", 100_000, 5);
        blocker.occupy();
        String id = createAsync("{\"path\": \"queued/q.bin\", \"comment\": \"never\"}")
                .then()
                .statusCode(202)
                .body("state", equalTo("queued"))
                .extract()
                .path("id");
        given().delete("/api/jobs/" + id).then().statusCode(204);
        JsonPath cancelled = job(id);
        assertThat(cancelled.getString("state")).isEqualTo("cancelled");
        assertThat(cancelled.getLong("bytesHashed")).isZero();
        assertThat(cancelled.getString("finishedAt")).isNotNull();
        given().delete("/api/jobs/" + id).then().statusCode(409).contentType("application/problem+json");

        blocker.release();
        List<String> names =
                given().get("/api/torrents?limit=500").then().extract().path("torrents.name");
        assertThat(names).doesNotContain("q.bin");
    }

    @Test
    void aRunningJobCancelledStopsHashingAndEndsCancelled() throws Exception {
        ContentFixture.file("running/r.bin", 2 * 1024 * 1024, 6);
        TorrentService.Prepared prepared = torrents.prepare(
                new CreateOptions(
                        "running/r.bin",
                        null,
                        null,
                        null,
                        null,
                        null,
                        16384L,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null),
                null);
        CountDownLatch hashing = new CountDownLatch(1);
        Job job = jobs.submit(
                prepared.totalSize(),
                j -> torrents.create(
                        prepared,
                        bytes -> {
                            j.progress(bytes);
                            if (bytes > 0 && bytes < prepared.totalSize()) {
                                hashing.countDown();
                                while (!j.cancelRequested()) {
                                    Thread.onSpinWait();
                                }
                            }
                        },
                        j::cancelRequested));
        assertThat(hashing.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(job(job.id()).getString("state")).isEqualTo("running");

        given().delete("/api/jobs/" + job.id()).then().statusCode(204);
        JsonPath cancelled = job(job.id());
        assertThat(cancelled.getString("state")).isEqualTo("cancelled");
        assertThat(cancelled.getLong("bytesHashed")).isPositive().isLessThan(prepared.totalSize());
        assertThat(cancelled.getString("result")).isNull();
    }

    @Test
    void aCancelledUploadJobRemovesTheUpload() throws IOException {
        blocker.occupy();
        String id = given().contentType("application/octet-stream")
                .header("Prefer", "respond-async")
                .body(new byte[50_000])
                .post("/api/torrents/upload?name=cancelled.bin")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        assertThat(uploadedNamed("cancelled.bin")).isTrue();
        given().delete("/api/jobs/" + id).then().statusCode(204);
        assertThat(uploadedNamed("cancelled.bin")).isFalse();
    }

    @Test
    void anAsyncUploadReachesDone() {
        String id = given().contentType("application/octet-stream")
                .header("Prefer", "respond-async")
                .body(new byte[70_000])
                .post("/api/torrents/upload?name=later.bin")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("state")).isEqualTo("done");
        assertThat(done.getString("result.name")).isEqualTo("later.bin");
        assertThat(done.getLong("bytesHashed")).isEqualTo(70_000L);
    }

    static boolean uploadedNamed(String name) throws IOException {
        Path uploads = ContentFixture.ROOT.resolve("uploads");
        if (!Files.exists(uploads)) {
            return false;
        }
        try (Stream<Path> paths = Files.walk(uploads)) {
            return paths.anyMatch(p -> p.getFileName().toString().equals(name));
        }
    }

    @Test
    void aJobWhoseContentVanishedFailsWithAProblem() throws IOException {
        Path file = ContentFixture.file("vanish/v.bin", 100_000, 7);
        blocker.occupy();
        String id = createAsync("{\"path\": \"vanish/v.bin\"}")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Files.delete(file);
        blocker.release();
        JsonPath failed = awaitFinal(id);
        assertThat(failed.getString("state")).isEqualTo("failed");
        assertThat(failed.getInt("error.status")).isEqualTo(422);
        assertThat(failed.getString("error.detail")).contains("v.bin");
        assertThat(failed.getString("result")).isNull();
    }

    @Test
    void aFinishedJobCannotBeCancelled() {
        ContentFixture.file("finished/f.bin", 1000, 8);
        String id = createAsync("{\"path\": \"finished/f.bin\"}")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        assertThat(awaitFinal(id).getString("state")).isEqualTo("done");
        given().delete("/api/jobs/" + id).then().statusCode(409).contentType("application/problem+json");
        assertThat(job(id).getString("state")).isEqualTo("done");
    }

    @Test
    void unknownJobsAre404Problems() {
        given().get("/api/jobs/no-such-job").then().statusCode(404).contentType("application/problem+json");
        given().delete("/api/jobs/no-such-job").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/jobs/no-such-job/events").then().statusCode(404).contentType("application/problem+json");
    }

    /** A server-sent event: its name and its data as JSON. */
    record Event(String name, JsonNode data) {}

    /** Reads the next event, or {@code null} at the end of the stream. */
    static Event nextEvent(Iterator<String> lines) throws IOException {
        String name = null;
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (name != null || data.length() > 0) {
                    return new Event(name, new ObjectMapper().readTree(data.toString()));
                }
                continue;
            }
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5));
            } else {
                throw new AssertionError("not an SSE field we send: " + line);
            }
        }
        return null;
    }

    static Iterator<String> openEvents(String id) throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://localhost:" + RestAssured.port + "/api/jobs/" + id + "/events"))
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        return response.body().iterator();
    }

    @Test
    void theEventStreamDeliversProgressThenTheFinalEventAndEnds() throws Exception {
        ContentFixture.file("events/e.bin", 4 * 1024 * 1024, 9);
        blocker.occupy();
        String id = createAsync("{\"path\": \"events/e.bin\", \"pieceLength\": 16384}")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Iterator<String> lines = openEvents(id);
        List<Event> events = CompletableFuture.supplyAsync(() -> {
                    List<Event> read = new ArrayList<>();
                    try {
                        Event first = nextEvent(lines);
                        read.add(first);
                        blocker.release();
                        for (Event e = nextEvent(lines); e != null; e = nextEvent(lines)) {
                            read.add(e);
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    return read;
                })
                .get(60, TimeUnit.SECONDS);

        assertThat(events.get(0).name()).isEqualTo("progress");
        assertThat(events.get(0).data().get("state").asText()).isEqualTo("queued");
        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("done");
        assertThat(last.data().get("state").asText()).isEqualTo("done");
        assertThat(last.data().get("result").get("name").asText()).isEqualTo("e.bin");
        assertThat(events.subList(0, events.size() - 1)).allMatch(e -> e.name().equals("progress"));
        List<Long> hashed =
                events.stream().map(e -> e.data().get("bytesHashed").asLong()).toList();
        assertThat(hashed).isSorted();
    }

    @Test
    void aFinishedJobsStreamHasOnlyItsFinalEvent() throws Exception {
        ContentFixture.file("events/once.bin", 1000, 10);
        String id = createAsync("{\"path\": \"events/once.bin\"}")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        assertThat(awaitFinal(id).getString("state")).isEqualTo("done");
        Iterator<String> lines = openEvents(id);
        List<Event> events = CompletableFuture.supplyAsync(() -> {
                    List<Event> read = new ArrayList<>();
                    try {
                        for (Event e = nextEvent(lines); e != null; e = nextEvent(lines)) {
                            read.add(e);
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    return read;
                })
                .get(60, TimeUnit.SECONDS);
        assertThat(events).extracting(Event::name).containsExactly("done");
    }
}
