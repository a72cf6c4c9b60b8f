package io.bitquark.tracker.swarm;

import io.bitquark.protocol.hash.SipHash;

/**
 * A peer's identity within a swarm: the keyed 64-bit SipHash-2-4 of its peer id and the address its
 * announce came from, as opentracker and aquatic identify peers.
 *
 * <p>Neither the {@code key} parameter nor an announced {@code ip} enters it: aria2 sends a new random key
 * with every UDP announce, libtorrent renders its key differently over HTTP and UDP, and an announced IP
 * is the client's word. So a client that changes address shows twice until its old entry expires, and
 * nobody can move or remove another peer's entry without announcing from that peer's address. The key
 * is the store's own and the same on every replica, so that no client can pick a peer id that collides
 * with another peer's identity.
 */
public final class PeerIdentity {

    private final long k0;
    private final long k1;

    /** @param key 16 secret bytes, the same wherever the swarms are shared */
    public PeerIdentity(byte[] key) {
        this.k0 = SipHash.k0(key);
        this.k1 = SipHash.k1(key);
    }

    /** The identity of announce {@code i}; never 0, which stores may use as "no peer". */
    public long of(AnnounceBatch batch, int i) {
        long id = SipHash.hash(k0, k1, batch.who(), AnnounceBatch.whoOffset(i), batch.whoLength(i));
        return id == 0 ? 1 : id;
    }
}
