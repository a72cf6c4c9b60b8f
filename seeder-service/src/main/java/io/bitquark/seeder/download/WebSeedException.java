package io.bitquark.seeder.download;

/**
 * A web seed's answer that is not the bytes asked for: an HTTP error, no range support, a body of the wrong
 * length, too many redirects, a connection that failed or fell silent.
 */
final class WebSeedException extends Exception {

    WebSeedException(String message) {
        super(message);
    }

    /** A failure's message, or its type when it has none. */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
