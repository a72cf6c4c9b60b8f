package io.bitquark.tracker.announce;

import io.bitquark.protocol.tracker.AnnounceRequest;
import java.net.InetAddress;

/**
 * An announce as a front end hands it over: the decoded request and the address the peer announces from
 * (already resolved by the front end: the connection's address, a trusted proxy's {@code X-Forwarded-For},
 * or an allowed {@code ip} override).
 */
public record AnnounceCall(AnnounceRequest request, InetAddress address, String protocol) {}
