package io.bitquark.metainfo.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Creation jobs ({@code bitquark.metainfo.jobs.*}): creations answered with {@code 202 Accepted} and
 * followed through {@code /api/jobs/{id}}.
 */
public interface JobsConfig {

    /** Jobs that hash at the same time; more wait in the queue. Each job hashes with {@code create.hash-threads} threads. */
    @WithDefault("2")
    int threads();

    /** Jobs that may wait for a thread; a creation that finds the queue full is refused with 503. */
    @WithDefault("64")
    int queueCapacity();

    /** How long a finished job (done, failed or cancelled) can still be read before it is forgotten. */
    @WithDefault("PT1H")
    Duration retention();

    /** The most finished jobs kept; beyond it the oldest are forgotten first, even within their retention. */
    @WithDefault("1000")
    int maxFinished();

    /** How long {@code DELETE /api/jobs/{id}} waits for a running job to stop before answering 202 instead of 204. */
    @WithDefault("PT10S")
    Duration cancelWait();
}
