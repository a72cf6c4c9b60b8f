package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.mse.MseHashes;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handshake hashes of the served torrents, found by {@code HASH('req2', SKEY)}: the form in which an
 * encrypted (MSE) handshake names its torrent (SKEY being the 20-byte handshake info-hash). Thread-safe.
 */
public final class ObfuscatedHashes {

    private final Map<ByteBuffer, byte[]> byReq2 = new ConcurrentHashMap<>();

    public void add(byte[] handshakeHash) {
        byReq2.put(ByteBuffer.wrap(MseHashes.req2(handshakeHash)), handshakeHash.clone());
    }

    public void remove(byte[] handshakeHash) {
        byReq2.remove(ByteBuffer.wrap(MseHashes.req2(handshakeHash)));
    }

    /** The handshake hash whose {@code HASH('req2', SKEY)} is {@code req2Hash}, or null. */
    public byte[] find(byte[] req2Hash) {
        byte[] found = byReq2.get(ByteBuffer.wrap(req2Hash));
        return found == null ? null : found.clone();
    }
}
