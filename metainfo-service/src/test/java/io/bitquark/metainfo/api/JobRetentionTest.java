package io.bitquark.metainfo.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Finished jobs are forgotten once {@code bitquark.metainfo.jobs.retention} has passed; unfinished ones never are. */
@QuarkusTest
@WithTestResource(FreshDirectories.class)
@TestProfile(JobRetentionTest.BriefRetention.class)
class JobRetentionTest {

    /** One job thread; finished jobs kept a tenth of a second. */
    public static class BriefRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bitquark.metainfo.jobs.threads",
                    "1",
                    "bitquark.metainfo.jobs.retention",
                    "PT0.1S",
                    "bitquark.metainfo.create.hash-threads",
                    "1");
        }
    }

    private final JobThreadBlocker blocker = new JobThreadBlocker();

    @AfterEach
    void releaseBlockers() {
        blocker.release();
    }

    @Test
    void aFinishedJobIsForgottenOnceItsRetentionHasPassedAndItsTorrentStays() {
        ContentFixture.file("retained/r.bin", 1000, 35);
        blocker.occupy();
        String id = JobTest.createAsync("{\"path\": \"retained/r.bin\"}")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        given().get("/api/jobs/" + id).then().statusCode(200).body("state", equalTo("queued"));

        blocker.release();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> given().get("/api/jobs/" + id).statusCode() == 404);
        given().get("/api/jobs/" + id).then().statusCode(404).contentType("application/problem+json");
        assertThat(JobLimitsTest.hostedNames()).contains("r.bin");
    }
}
