package io.bitquark.seeder.download;

import io.bitquark.protocol.peer.ExtendedHandshake;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireException;
import io.bitquark.seeder.peer.DisconnectReason;
import io.bitquark.seeder.peer.PeerLink;
import io.bitquark.seeder.peer.PeerRole;
import java.util.BitSet;
import org.jboss.logging.Logger;

/**
 * What one peer offers us, followed from what it says:
 *
 * <pre>
 * bitfield | have all | have none, then have ...   which pieces it has: {@link PeerPieces}
 * choke, unchoke                                   whether it lets us request (connections start choked, BEP 3)
 * allowed fast                                     pieces we may request even while choked (BEP 6)
 * extended handshake reqq                          how many requests it keeps without dropping any (BEP 10):
 *                                                  the bound of its {@link RequestDepth}
 * piece, reject request                            answers to our requests
 * </pre>
 *
 * <p>A bitfield that does not fit the torrent, a {@code have} beyond it, or a {@code have all} / {@code have none}
 * from a peer without BEP 6 (which then may not send them) ends this connection only. Nothing is requested yet:
 * the request pipeline that will use this state, with the torrent's {@link PiecePicker}, is the next step (see
 * the package). Every call is made on the connection's event loop.
 */
public final class DownloadRole implements PeerRole {

    private static final Logger LOG = Logger.getLogger(DownloadRole.class);

    private final PeerLink link;
    private final PeerPieces pieces;
    private final BitSet allowedFast = new BitSet();
    private final RequestDepth depth = new RequestDepth();
    private boolean choking = true;

    public DownloadRole(PeerLink link) {
        this.link = link;
        this.pieces = new PeerPieces(link.torrent().pieceCount());
    }

    @Override
    public void peerExtended(ExtendedHandshake theirs) {
        depth.peerLimit(theirs.requestQueueLength().orElse(0));
    }

    @Override
    public boolean received(PeerMessage message) {
        if (message instanceof PeerMessage.Bitfield bitfield) {
            bitfieldReceived(bitfield);
        } else if (message instanceof PeerMessage.Have have) {
            if (!pieces.have(have.pieceIndex())) {
                LOG.debugf("peer %s: have %d beyond %d pieces", link.remote(), have.pieceIndex(), pieces.pieceCount());
                link.close(DisconnectReason.INVALID_HAVE);
            }
        } else if (message instanceof PeerMessage.HaveAll || message instanceof PeerMessage.HaveNone) {
            if (!link.fast()) {
                // BEP 6: with the fast extension off, a peer receiving have all or have none must close.
                link.close(DisconnectReason.INVALID_BITFIELD);
            } else if (message instanceof PeerMessage.HaveAll) {
                pieces.haveAll();
            } else {
                pieces.haveNone();
            }
        } else if (message instanceof PeerMessage.Choke) {
            choking = true;
        } else if (message instanceof PeerMessage.Unchoke) {
            choking = false;
        } else if (message instanceof PeerMessage.AllowedFast allowed) {
            if (allowed.pieceIndex() < pieces.pieceCount()) {
                allowedFast.set(allowed.pieceIndex());
            }
        } else {
            // A piece or a reject answers a request; none is sent yet, so there is nothing to match them to.
            return message instanceof PeerMessage.Piece || message instanceof PeerMessage.RejectRequest;
        }
        return true;
    }

    private void bitfieldReceived(PeerMessage.Bitfield bitfield) {
        try {
            pieces.bitfield(bitfield);
        } catch (PeerWireException e) {
            LOG.debugf("peer %s: %s", link.remote(), e.getMessage());
            link.close(DisconnectReason.INVALID_BITFIELD);
        }
    }

    /** The pieces the peer has. */
    public PeerPieces pieces() {
        return pieces;
    }

    /** Whether the peer chokes us. */
    public boolean choking() {
        return choking;
    }

    /** Whether the peer lets us request piece {@code index} while it chokes us (BEP 6 allowed fast). */
    public boolean allowedFast(int index) {
        return allowedFast.get(index);
    }

    /** How many requests to keep outstanding at the peer, within its {@code reqq}. */
    public RequestDepth requestDepth() {
        return depth;
    }
}
