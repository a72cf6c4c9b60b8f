package io.bitquark.metainfo.api;

import static org.awaitility.Awaitility.await;

import io.bitquark.metainfo.jobs.Job;
import io.bitquark.metainfo.jobs.JobService;
import io.quarkus.arc.Arc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;

/**
 * Occupies job threads with jobs of the test's own until {@link #release()}, so that the jobs submitted
 * meanwhile wait in the queue: no timing is involved. Each blocker ends cancelled once released.
 */
final class JobThreadBlocker {

    private final List<CountDownLatch> releases = new ArrayList<>();
    private final List<Job> blockers = new ArrayList<>();

    /** Occupies one job thread (the next one free) until {@link #release()}. */
    void occupy() {
        JobService jobs = Arc.container().instance(JobService.class).get();
        CountDownLatch release = new CountDownLatch(1);
        releases.add(release);
        blockers.add(jobs.submit(0, j -> {
            release.await();
            throw new CancellationException("blocker released");
        }));
    }

    /** Lets every blocker go and waits until each has ended. */
    void release() {
        releases.forEach(CountDownLatch::countDown);
        for (Job j : blockers) {
            await().atMost(Duration.ofSeconds(30)).until(() -> j.state().isFinal());
        }
        releases.clear();
        blockers.clear();
    }
}
