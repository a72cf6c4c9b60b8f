package io.bitquark.seeder.download;

/**
 * A web seed's answer that is not the bytes asked for: an HTTP error, no range support, a body of the wrong
 * length, too many redirects, a connection that failed or fell silent.
 */
final class WebSeedException extends Exception {

    WebSeedException(String message) {
        super(message);
    }

    /**
     * A failure in words of a fixed vocabulary: the torrent view shows it to anyone who may read the API, so it names
     * no address, port or remote text (a web seed must not make the seeder a port scanner of its network).
     */
    static String describe(Throwable failure) {
        if (failure instanceof WebSeedException) {
            return failure.getMessage();
        }
        if (failure instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (failure instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        String type = failure.getClass().getSimpleName();
        if (type.contains("Timeout")) {
            return "timed out";
        }
        if (failure instanceof javax.net.ssl.SSLException) {
            return "TLS failed";
        }
        return "connection failed (" + type + ")";
    }
}
