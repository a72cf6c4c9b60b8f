package io.bitquark.protocol.magnet;

/** A string that is not a usable BitTorrent magnet link; the message says what is wrong with it. */
public final class MagnetException extends Exception {

    public MagnetException(String message) {
        super(message);
    }
}
