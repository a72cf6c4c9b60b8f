package io.bitquark.protocol.tracker;

/** A tracker response that is not usable: not bencode, not a dictionary, or missing what it must carry. */
public final class TrackerResponseException extends Exception {

    public TrackerResponseException(String message) {
        super(message);
    }

    public TrackerResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
