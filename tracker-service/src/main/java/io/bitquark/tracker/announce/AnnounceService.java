package io.bitquark.tracker.announce;

import io.bitquark.tracker.allowlist.Allowlist;
import io.bitquark.tracker.config.TrackerConfig;
import io.bitquark.tracker.swarm.AnnounceBatch;
import io.bitquark.tracker.swarm.SwarmStore;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.LongAdder;

/**
 * The announce use case, shared by the HTTP and UDP front ends: check the allowlist, apply a batch of
 * announces to the swarm store, count and log them. A front end decodes its requests straight into an
 * {@link AnnounceBatch} and encodes the answers from it; storage failures come back as
 * {@link AnnounceBatch.Outcome#UNAVAILABLE}, answered with {@link #STORAGE_UNAVAILABLE}. Nothing here
 * throws at a client.
 */
@ApplicationScoped
public class AnnounceService {

    /** The failure reason while the swarm store does not answer. */
    public static final String STORAGE_UNAVAILABLE = "tracker storage unavailable";
    /** The failure reason for a swarm not on the allowlist (bttrack's wording). */
    public static final String NOT_ALLOWED = "Requested download is not authorized for use with this tracker.";

    /** The front ends, each with its own counters. */
    public enum Protocol {
        HTTP,
        UDP;

        final String tag = name().toLowerCase();
    }

    private final SwarmStore store;
    private final Allowlist allowlist;
    private final int interval;
    private final int minInterval;
    private final int defaultNumwant;
    private final int maxNumwant;
    private final AccessLog accessLog;
    /** [protocol][outcome] */
    private final LongAdder[][] counters;

    private final LongAdder[] badRequests;

    public AnnounceService(SwarmStore store, Allowlist allowlist, TrackerMetrics metrics, TrackerConfig config) {
        this.store = store;
        this.allowlist = allowlist;
        this.interval = (int) config.announce().interval().toSeconds();
        this.minInterval = (int) config.announce().minInterval().toSeconds();
        this.defaultNumwant = config.announce().defaultNumwant();
        this.maxNumwant = config.announce().maxNumwant();
        this.accessLog = config.accessLog() ? new AccessLog() : null;
        Protocol[] protocols = Protocol.values();
        AnnounceBatch.Outcome[] outcomes = AnnounceBatch.Outcome.values();
        counters = new LongAdder[protocols.length][outcomes.length];
        badRequests = new LongAdder[protocols.length];
        for (Protocol p : protocols) {
            counters[p.ordinal()][AnnounceBatch.Outcome.ANSWERED.ordinal()] = metrics.announces(p.tag, "ok");
            counters[p.ordinal()][AnnounceBatch.Outcome.NOT_ALLOWED.ordinal()] = metrics.announces(p.tag, "refused");
            counters[p.ordinal()][AnnounceBatch.Outcome.UNAVAILABLE.ordinal()] =
                    metrics.announces(p.tag, "unavailable");
            counters[p.ordinal()][AnnounceBatch.Outcome.PENDING.ordinal()] =
                    counters[p.ordinal()][AnnounceBatch.Outcome.UNAVAILABLE.ordinal()];
            badRequests[p.ordinal()] = metrics.announces(p.tag, "bad_request");
        }
    }

    public int interval() {
        return interval;
    }

    public int minInterval() {
        return minInterval;
    }

    /** The number of peers to return for a requested {@code numwant} (negative when the client sent none). */
    public int numwant(int requested) {
        return requested < 0 ? defaultNumwant : Math.min(requested, maxNumwant);
    }

    /** Counts an announce refused by its front end before it reached the batch (a malformed request). */
    public void badRequest(Protocol protocol) {
        badRequests[protocol.ordinal()].increment();
    }

    /**
     * Applies the batch's announces; {@code done} runs once all are answered or refused (at once for the
     * in-memory store, on the store's I/O thread for Redis).
     */
    public void announce(AnnounceBatch batch, Protocol protocol, Runnable done) {
        byte[] hashes = batch.infoHashes();
        for (int i = 0; i < batch.size(); i++) {
            if (!allowlist.allows(hashes, AnnounceBatch.infoHashOffset(i))) {
                batch.refuse(i, AnnounceBatch.Outcome.NOT_ALLOWED);
            }
        }
        store.announce(batch, () -> {
            finish(batch, protocol);
            done.run();
        });
    }

    private void finish(AnnounceBatch batch, Protocol protocol) {
        LongAdder[] byOutcome = counters[protocol.ordinal()];
        for (int i = 0; i < batch.size(); i++) {
            AnnounceBatch.Outcome outcome = batch.outcome(i);
            byOutcome[outcome.ordinal()].increment();
            if (accessLog != null) {
                accessLog.announce(protocol.tag, batch, i, failureReason(outcome));
            }
        }
    }

    /** The failure reason a client gets for an outcome, or null for an answer. */
    public static String failureReason(AnnounceBatch.Outcome outcome) {
        return switch (outcome) {
            case ANSWERED -> null;
            case NOT_ALLOWED -> NOT_ALLOWED;
            case UNAVAILABLE, PENDING -> STORAGE_UNAVAILABLE;
        };
    }

    void stop(@Observes ShutdownEvent event) {
        if (accessLog != null) {
            accessLog.close();
        }
    }
}
