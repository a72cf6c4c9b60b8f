package io.bitquark.protocol.tracker;

/**
 * A tracker request (announce or scrape query) that cannot be served. The message is short, plain ASCII
 * and echoes at most a sanitised fragment of the input, so that a tracker can send it verbatim as the
 * bencoded {@code failure reason}.
 */
public final class TrackerRequestException extends Exception {

    public TrackerRequestException(String failureReason) {
        super(failureReason);
    }

    /** The text to send as {@code failure reason}. */
    public String failureReason() {
        return getMessage();
    }
}
