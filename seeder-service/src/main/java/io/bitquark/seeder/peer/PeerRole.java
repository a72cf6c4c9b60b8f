package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.ExtendedHandshake;
import io.bitquark.protocol.peer.PeerMessage;

/**
 * One side of what a handshaken connection is for: the upload role serves the peer, the download role follows
 * what the peer has. A {@link PeerSession} owns the bytes (opening, handshake, frames, timers, writes) and hands
 * each message after the handshake to its roles in turn until one handles it; a message no role handles is
 * ignored, as BEP 3 asks of messages a client does not understand.
 *
 * <p>Every call is made on the session's event loop. A role reaches the connection through the {@link PeerLink}
 * it was made with.
 */
public interface PeerRole {

    /** Adds this role's entries ({@code m} extensions, {@code reqq}, ...) to the BEP 10 handshake we send. */
    default void extend(ExtendedHandshake.Builder ours) {}

    /**
     * The handshake is complete. Messages the role sends now follow our extended handshake in the same write:
     * the greeting.
     */
    default void opened() {}

    /** The peer's BEP 10 extended handshake (it may send one at any time, each replacing the last). */
    default void peerExtended(ExtendedHandshake theirs) {}

    /**
     * A message from the peer, after the handshake.
     *
     * @return whether this role handled it; false hands it on to the next role
     */
    boolean received(PeerMessage message);

    /**
     * About once a second, on the session's loop: {@code now} from {@link System#nanoTime}, {@code elapsedNanos}
     * since the last tick.
     */
    default void tick(long now, long elapsedNanos) {}

    /** The socket's write queue fell back below its watermark. */
    default void drained() {}

    /** The connection ended (once); nothing this role sends from now on is written. */
    default void closed() {}
}
