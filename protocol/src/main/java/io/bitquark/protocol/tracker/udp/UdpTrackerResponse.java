package io.bitquark.protocol.tracker.udp;

/** A packet a UDP tracker sends back (BEP 15); the client matches it by {@link #transactionId()}. */
public sealed interface UdpTrackerResponse
        permits UdpConnectResponse, UdpAnnounceResponse, UdpScrapeResponse, UdpErrorResponse {

    UdpAction action();

    int transactionId();

    /** The packet bytes, big-endian. */
    byte[] encode();
}
