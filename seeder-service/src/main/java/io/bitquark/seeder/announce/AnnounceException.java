package io.bitquark.seeder.announce;

/**
 * An announce that got no usable answer: the tracker could not be reached, did not answer in time, or
 * answered something that is not a tracker response. A tracker's own refusal ({@code failure reason}, a
 * BEP 15 error packet) is not this: it is a {@link io.bitquark.protocol.tracker.TrackerFailure}.
 */
public final class AnnounceException extends Exception {

    public AnnounceException(String message) {
        super(message);
    }

    public AnnounceException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure's message for the status, or its type when it has none. */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
