package io.bitquark.metainfo.jobs;

import java.util.Locale;

/**
 * Where a creation job is: {@code queued → running → done | failed | cancelled}, or {@code queued →
 * cancelled} when it is cancelled before a thread picks it up. The last three are final.
 */
public enum JobState {
    QUEUED,
    RUNNING,
    DONE,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    /** The JSON and server-sent event name: {@code queued}, {@code running}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
