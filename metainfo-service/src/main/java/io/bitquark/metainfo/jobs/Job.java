package io.bitquark.metainfo.jobs;

import io.bitquark.metainfo.api.TorrentView;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One creation job. Its state only moves forward (see {@link JobState}); each transition happens once,
 * so a cancellation racing the job's own end has exactly one winner. The work sees the job through
 * {@link #progress(long)} and {@link #cancelRequested()}.
 */
public final class Job {

    /** Everything that changes with the state, swapped as one. */
    private record Status(
            JobState state,
            Instant startedAt,
            Instant finishedAt,
            TorrentView result,
            Boolean created,
            JobView.Problem error) {}

    private final String id;
    private final long totalBytes;
    private final Instant createdAt;
    private final AtomicReference<Status> status =
            new AtomicReference<>(new Status(JobState.QUEUED, null, null, null, null, null));
    private final AtomicLong bytesHashed = new AtomicLong();
    private final CompletableFuture<JobState> finished = new CompletableFuture<>();
    private volatile boolean cancelRequested;

    Job(String id, long totalBytes, Instant createdAt) {
        this.id = id;
        this.totalBytes = totalBytes;
        this.createdAt = createdAt;
    }

    public String id() {
        return id;
    }

    public JobState state() {
        return status.get().state();
    }

    public long totalBytes() {
        return totalBytes;
    }

    /** Content bytes hashed so far; a smaller value than the last one reported is ignored. */
    public void progress(long hashed) {
        bytesHashed.accumulateAndGet(Math.min(hashed, totalBytes), Math::max);
    }

    /** Whether the job was asked to stop; the work checks it between pieces. */
    public boolean cancelRequested() {
        return cancelRequested;
    }

    /** When the job ended, or {@code null} while it has not. */
    Instant finishedAt() {
        return status.get().finishedAt();
    }

    /** Completes with the final state. */
    CompletableFuture<JobState> finished() {
        return finished;
    }

    boolean start() {
        Status queued = status.get();
        return queued.state() == JobState.QUEUED
                && status.compareAndSet(queued, new Status(JobState.RUNNING, Instant.now(), null, null, null, null));
    }

    void succeed(TorrentView view, boolean wasCreated) {
        bytesHashed.set(totalBytes);
        end(JobState.RUNNING, JobState.DONE, view, wasCreated, null);
    }

    void fail(JobView.Problem problem) {
        end(JobState.RUNNING, JobState.FAILED, null, null, problem);
    }

    void cancelled() {
        end(JobState.RUNNING, JobState.CANCELLED, null, null, null);
    }

    /** Asks the job to stop; true when it had not started and is now cancelled. */
    boolean requestCancel() {
        cancelRequested = true;
        return end(JobState.QUEUED, JobState.CANCELLED, null, null, null);
    }

    private boolean end(JobState from, JobState to, TorrentView result, Boolean created, JobView.Problem error) {
        Status before = status.get();
        if (before.state() != from
                || !status.compareAndSet(
                        before, new Status(to, before.startedAt(), Instant.now(), result, created, error))) {
            return false;
        }
        finished.complete(to);
        return true;
    }

    public JobView view() {
        Status s = status.get();
        long hashed = bytesHashed.get();
        return new JobView(
                id,
                s.state().wireName(),
                hashed,
                totalBytes,
                JobView.percent(hashed, totalBytes),
                createdAt,
                s.startedAt(),
                s.finishedAt(),
                s.result(),
                s.created(),
                s.error());
    }
}
