package io.bitquark.metainfo.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bounds of the job machinery ({@code bitquark.metainfo.jobs.*}): one job thread, one place in the
 * queue, one finished job kept. The job thread is held by {@link JobThreadBlocker}, so no timing is involved.
 */
@QuarkusTest
@WithTestResource(FreshDirectories.class)
@TestProfile(JobLimitsTest.OneThreadOneQueuedOneKept.class)
class JobLimitsTest {

    public static class OneThreadOneQueuedOneKept implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bitquark.metainfo.jobs.threads",
                    "1",
                    "bitquark.metainfo.jobs.queue-capacity",
                    "1",
                    "bitquark.metainfo.jobs.max-finished",
                    "1",
                    "bitquark.metainfo.create.hash-threads",
                    "1");
        }
    }

    private final JobThreadBlocker blocker = new JobThreadBlocker();

    @AfterEach
    void releaseBlockers() {
        blocker.release();
    }

    static List<String> hostedNames() {
        return given().get("/api/torrents?limit=500")
                .then()
                .statusCode(200)
                .extract()
                .path("torrents.name");
    }

    @Test
    void aCreationThatFindsTheQueueFullIsA503ProblemAndCreatesNothing() throws Exception {
        ContentFixture.file("full/queued.bin", 100_000, 31);
        ContentFixture.file("full/refused.bin", 100_000, 32);
        blocker.occupy();
        String queued = JobTest.createAsync("{\"path\": \"full/queued.bin\"}")
                .then()
                .statusCode(202)
                .body("state", equalTo("queued"))
                .extract()
                .path("id");

        JobTest.createAsync("{\"path\": \"full/refused.bin\"}")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("status", equalTo(503))
                .body("detail", containsString("queue is full"));
        given().contentType("application/octet-stream")
                .header("Prefer", "respond-async")
                .body(new byte[50_000])
                .post("/api/torrents/upload?name=refused-upload.bin")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("status", equalTo(503));
        assertThat(JobTest.uploadedNamed("refused-upload.bin"))
                .as("the refused upload's content is removed")
                .isFalse();

        blocker.release();
        assertThat(JobTest.awaitFinal(queued).getString("state")).isEqualTo("done");
        assertThat(hostedNames()).contains("queued.bin").doesNotContain("refused.bin", "refused-upload.bin");
        JobTest.createAsync("{\"path\": \"full/refused.bin\"}").then().statusCode(202);
    }

    @Test
    void beyondMaxFinishedTheOldestFinishedJobIsForgottenAndItsTorrentStays() {
        ContentFixture.file("kept/first.bin", 1000, 33);
        ContentFixture.file("kept/second.bin", 1000, 34);
        String first = JobTest.createAsync("{\"path\": \"kept/first.bin\"}")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        assertThat(JobTest.awaitFinal(first).getString("state")).isEqualTo("done");
        String second = JobTest.createAsync("{\"path\": \"kept/second.bin\"}")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        assertThat(JobTest.awaitFinal(second).getString("state")).isEqualTo("done");

        given().get("/api/jobs/" + first).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/jobs/" + second).then().statusCode(200).body("state", equalTo("done"));
        assertThat(hostedNames()).contains("first.bin", "second.bin");
    }
}
