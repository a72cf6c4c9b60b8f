package io.bitquark.metainfo.jobs;

import io.bitquark.metainfo.api.TorrentService;
import io.bitquark.metainfo.api.TorrentView;
import io.bitquark.metainfo.config.JobsConfig;
import io.bitquark.metainfo.config.MetainfoConfig;
import io.bitquark.rest.ApiProblem;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Creation jobs: torrents hashed in the background while the client polls {@code /api/jobs/{id}} or
 * follows its server-sent events.
 *
 * <ul>
 *   <li>Jobs run on their own bounded pool ({@code jobs.threads} threads, {@code jobs.queue-capacity}
 *       waiting), never on the event loop nor on the request worker pool; a full queue refuses the
 *       creation with 503.</li>
 *   <li>Jobs are kept in memory only: a restart forgets them (the torrents they hosted stay hosted).
 *       Finished jobs are forgotten {@code jobs.retention} after they end (1 hour by default), or sooner,
 *       oldest first, when more than {@code jobs.max-finished} have ended.</li>
 *   <li>Cancelling a queued job ends it at once and its work never runs; cancelling a running job makes
 *       the hasher stop at the next piece. Once hashing is over the job can no longer be cancelled.</li>
 * </ul>
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);
    /** The shortest interval between two {@code progress} events of one stream. */
    public static final Duration EVENT_INTERVAL = Duration.ofMillis(200);
    /** A stream whose job does not change still gets a {@code progress} event this often. */
    public static final Duration EVENT_KEEPALIVE = Duration.ofSeconds(5);

    /** What a job does: hash and host a torrent, on a job thread. */
    public interface Work {

        /**
         * Hashes and hosts; reports progress through {@link Job#progress(long)} and stops with a
         * {@link CancellationException} once {@link Job#cancelRequested()} holds.
         */
        TorrentService.Hosted run(Job job) throws Exception;

        /** Releases what the work holds when it will never run (cancelled before it started, or refused). */
        default void discard() {}
    }

    /** How a cancellation ended. */
    public enum CancelOutcome {
        /** The job is cancelled. */
        CANCELLED,
        /** The job had already finished (done, failed or cancelled): nothing to cancel. */
        ALREADY_FINISHED,
        /** The job was asked to stop but had not stopped when the wait ran out. */
        STOPPING
    }

    private record Entry(Job job, Work work, Runnable task) {}

    private final JobsConfig config;
    private final String publicUrl;
    private final long asyncThreshold;
    private final Map<String, Entry> jobs = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService events;

    public JobService(MetainfoConfig config) {
        this.config = config.jobs();
        this.publicUrl = config.publicUrl();
        this.asyncThreshold = config.create().asyncThreshold();
        int threads = Math.max(1, this.config.threads());
        this.executor = new ThreadPoolExecutor(
                threads,
                threads,
                1,
                TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(Math.max(1, this.config.queueCapacity())),
                threads("bitquark-torrent-job-"));
        this.executor.allowCoreThreadTimeOut(true);
        this.events = Executors.newSingleThreadScheduledExecutor(threads("bitquark-job-events-"));
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Whether a creation answers 202 with a job: when the client sent {@code Prefer: respond-async}
     * (RFC 7240), or the content is larger than {@code create.async-threshold}.
     */
    public boolean respondAsync(String prefer, long totalBytes) {
        return prefersAsync(prefer) || totalBytes > asyncThreshold;
    }

    /** Whether a {@code Prefer} header holds the {@code respond-async} preference. */
    public static boolean prefersAsync(String prefer) {
        if (prefer == null) {
            return false;
        }
        for (String preference : prefer.split(",")) {
            String token = preference.split("[;=]", 2)[0].trim();
            if (token.toLowerCase(Locale.ROOT).equals("respond-async")) {
                return true;
            }
        }
        return false;
    }

    /** Queues a job; a full queue is a 503 problem (and the work is discarded). */
    public Job submit(long totalBytes, Work work) {
        forgetExpired();
        Job job = new Job(UUID.randomUUID().toString(), totalBytes, Instant.now());
        Runnable task = () -> run(job, work);
        jobs.put(job.id(), new Entry(job, work, task));
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            jobs.remove(job.id());
            work.discard();
            throw new ApiProblem(
                    503,
                    "Too many jobs",
                    "the job queue is full (" + config.queueCapacity()
                            + " waiting); try again when some have finished");
        }
        return job;
    }

    private void run(Job job, Work work) {
        if (!job.start()) {
            return;
        }
        try {
            TorrentService.Hosted hosted = work.run(job);
            job.succeed(TorrentView.of(hosted.torrent(), publicUrl), hosted.created());
        } catch (CancellationException e) {
            job.cancelled();
        } catch (ApiProblem p) {
            job.fail(new JobView.Problem("about:blank", p.title(), p.status(), p.getMessage()));
        } catch (Throwable e) {
            LOG.errorf(e, "job %s failed", job.id());
            job.fail(new JobView.Problem(
                    "about:blank", "Internal error", 500, "the job failed unexpectedly; see the service log"));
        }
    }

    public Optional<Job> find(String id) {
        forgetExpired();
        Entry entry = id == null ? null : jobs.get(id.toLowerCase(Locale.ROOT));
        return entry == null ? Optional.empty() : Optional.of(entry.job());
    }

    /**
     * Cancels a job: a queued one at once; a running one is asked to stop, and this waits up to
     * {@code jobs.cancel-wait} for it to end. Blocks: call it from a worker thread.
     */
    public CancelOutcome cancel(Job job) {
        Entry entry = jobs.get(job.id());
        if (job.state().isFinal() || entry == null) {
            return CancelOutcome.ALREADY_FINISHED;
        }
        if (job.requestCancel()) {
            executor.remove(entry.task());
            entry.work().discard();
            return CancelOutcome.CANCELLED;
        }
        JobState end;
        try {
            end = job.finished().get(config.cancelWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return CancelOutcome.STOPPING;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CancelOutcome.STOPPING;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return end == JobState.CANCELLED ? CancelOutcome.CANCELLED : CancelOutcome.ALREADY_FINISHED;
    }

    /**
     * A job's server-sent events: a {@code progress} event with the job when it changes (at most every
     * {@link #EVENT_INTERVAL}, at least every {@link #EVENT_KEEPALIVE}), then one {@code done},
     * {@code failed} or {@code cancelled} event, and the end of the stream. A job already finished gets
     * only its final event.
     */
    public Multi<JobEvent> events(Job job) {
        return Multi.createFrom().emitter(emitter -> {
            EventPump pump = new EventPump(job, emitter);
            emitter.onTermination(pump::stop);
            events.execute(pump);
        });
    }

    /** A server-sent event: its name ({@code progress} or the final state) and the job. */
    public record JobEvent(String name, JobView job) {}

    /** Polls one job for one stream, rescheduling itself until the job ends or the client goes. */
    private final class EventPump implements Runnable {
        private final Job job;
        private final MultiEmitter<? super JobEvent> emitter;
        private final long keepaliveTicks = Math.max(1, EVENT_KEEPALIVE.toMillis() / EVENT_INTERVAL.toMillis());
        private volatile boolean stopped;
        private JobView last;
        private long quietTicks;

        EventPump(Job job, MultiEmitter<? super JobEvent> emitter) {
            this.job = job;
            this.emitter = emitter;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            if (stopped) {
                return;
            }
            JobView now = job.view();
            if (now.finishedAt() != null) {
                emitter.emit(new JobEvent(now.state(), now));
                emitter.complete();
                return;
            }
            if (last == null
                    || now.bytesHashed() != last.bytesHashed()
                    || !now.state().equals(last.state())
                    || ++quietTicks >= keepaliveTicks) {
                emitter.emit(new JobEvent("progress", now));
                last = now;
                quietTicks = 0;
            }
            try {
                events.schedule(this, EVENT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                emitter.complete();
            }
        }
    }

    /** Forgets finished jobs past their retention, and the oldest beyond {@code jobs.max-finished}. */
    private void forgetExpired() {
        Instant cutoff = Instant.now().minus(config.retention());
        List<Entry> finished = new ArrayList<>();
        for (Entry e : jobs.values()) {
            Instant end = e.job().finishedAt();
            if (end == null) {
                continue;
            }
            if (end.isBefore(cutoff)) {
                jobs.remove(e.job().id());
            } else {
                finished.add(e);
            }
        }
        int excess = finished.size() - Math.max(0, config.maxFinished());
        if (excess > 0) {
            finished.sort(Comparator.comparing(e -> e.job().finishedAt()));
            for (int i = 0; i < excess; i++) {
                jobs.remove(finished.get(i).job().id());
            }
        }
    }

    @PreDestroy
    void stop() {
        for (Entry e : jobs.values()) {
            if (e.job().requestCancel()) {
                e.work().discard();
            }
        }
        executor.shutdownNow();
        events.shutdownNow();
    }
}
