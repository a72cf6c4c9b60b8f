package io.bitquark.seeder.upload;

import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.seeder.peer.PeerLink;
import io.bitquark.seeder.peer.ServedTorrent;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

/**
 * Answers one peer's BEP 52 hash requests from the torrent's piece layers, so that a client that started from a
 * magnet link (whose info dictionary carries no piece layers) can check its pieces:
 *
 * <pre>
 * peer: hash request &lt;pieces root&gt;&lt;base layer&gt;&lt;index&gt;&lt;length&gt;&lt;proof layers&gt;
 * us:   hashes       &lt;the same 48 bytes&gt;&lt;base hashes&gt;&lt;uncle hashes&gt;   computed on a worker ({@link ServedTorrent#hashes})
 *       hash reject  &lt;the same 48 bytes&gt;   no piece layer for the root, a request outside the rules of
 *                                          {@link io.bitquark.protocol.hash.PieceLayerTree}, a v1 connection, or
 *                                          {@link #MAX_OUTSTANDING} requests already being answered
 * </pre>
 *
 * <p>Requests from a peer that does not read (its socket over the watermark) are dropped unanswered, as
 * {@code ut_metadata} requests are: the work and the memory per peer stay bounded. Every call is made on the
 * connection's event loop.
 */
final class HashResponder {

    /** Hash requests of one peer answered at once; more are rejected. */
    static final int MAX_OUTSTANDING = 8;

    private final PeerLink link;
    private final ServedTorrent torrent;
    private int outstanding;
    private boolean open = true;

    HashResponder(PeerLink link, ServedTorrent torrent) {
        this.link = link;
        this.torrent = torrent;
    }

    void requested(PeerMessage.HashRequest request) {
        if (link.writeQueueFull()) {
            return;
        }
        if (!link.v2() || outstanding >= MAX_OUTSTANDING) {
            answer(request, Optional.empty());
            return;
        }
        outstanding++;
        try {
            torrent.hashes(request)
                    .whenComplete((hashes, failure) -> link.onLoop(() -> {
                        outstanding--;
                        answer(request, failure == null ? hashes : Optional.empty());
                    }));
        } catch (RejectedExecutionException e) { // the readers are shut down: the process is stopping
            outstanding--;
            answer(request, Optional.empty());
        }
    }

    void close() {
        open = false;
    }

    private void answer(PeerMessage.HashRequest request, Optional<byte[]> hashes) {
        if (!open) {
            return;
        }
        link.send(hashes.<PeerMessage>map(request::answer).orElseGet(request::reject));
        link.listener().hashRequestAnswered(torrent, link.remote(), hashes.isPresent());
    }
}
