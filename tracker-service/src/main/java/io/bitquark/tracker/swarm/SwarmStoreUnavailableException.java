package io.bitquark.tracker.swarm;

/** The swarm store could not answer in time (Redis down or too slow). Announces fail softly with it. */
public final class SwarmStoreUnavailableException extends RuntimeException {

    public SwarmStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
