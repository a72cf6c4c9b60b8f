package io.bitquark.protocol.tracker.udp;

/** A packet a client sends to a UDP tracker (BEP 15). */
public sealed interface UdpTrackerRequest permits UdpConnectRequest, UdpAnnounceRequest, UdpScrapeRequest {

    UdpAction action();

    int transactionId();

    /** The packet bytes, big-endian. */
    byte[] encode();
}
