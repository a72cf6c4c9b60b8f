package io.bitquark.seeder.metadata;

import io.bitquark.protocol.peer.ExtendedHandshake;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireException;
import io.bitquark.protocol.peer.UtMetadataMessage;
import io.bitquark.seeder.peer.DisconnectReason;
import io.bitquark.seeder.peer.PeerLink;
import io.bitquark.seeder.peer.PeerRole;
import org.jboss.logging.Logger;

/**
 * The only role of a connection while its torrent's metadata is fetched (BEP 9):
 *
 * <pre>
 * peer                                           us
 *                                       &lt;------  extended handshake: m = {ut_metadata: 1}; have none (BEP 6 peers)
 * extended handshake: ut_metadata id,   ------&gt;  offered to the {@link MetadataSearch}
 *   metadata_size
 *                                       &lt;------  request piece 0, 1, ... (when the search picks this peer)
 * data: {msg_type 1, piece, total_size} ------&gt;  to the search, which verifies the whole
 *   + piece bytes
 * reject: {msg_type 2, piece}           ------&gt;  the peer has no metadata: the search passes it over
 * request                               ------&gt;  rejected: we have none to give
 *                                       &lt;------  hash request (BEP 52, v2 connections), once the search fetches
 *                                                 piece layers ({@link PieceLayerSearch})
 * hashes | hash reject                  ------&gt;  to the search
 * hash request                          ------&gt;  hash reject: we have no layer yet
 * </pre>
 *
 * <p>Everything else the peer sends (bitfield, have, ...) is ignored: no piece is known yet. A malformed
 * {@code ut_metadata} message ends this connection only. Every call is made on the connection's loop, except
 * {@link #requestAll} and {@link #drop}, which the search calls from anywhere and which hop to it.
 */
public final class MetadataRole implements PeerRole, PieceLayerSearch.LayerSource {

    private static final Logger LOG = Logger.getLogger(MetadataRole.class);
    /** The id under which we receive {@code ut_metadata} messages (our {@code m} dictionary). */
    static final int UT_METADATA_ID = 1;

    private final PeerLink link;
    private final MetadataSearch search;
    private volatile int peerMetadataId;
    private volatile long metadataSize;
    private boolean offered;

    public MetadataRole(PeerLink link, MetadataSearch search) {
        this.link = link;
        this.search = search;
    }

    @Override
    public void extend(ExtendedHandshake.Builder ours) {
        ours.extension(UtMetadataMessage.EXTENSION_NAME, UT_METADATA_ID);
    }

    @Override
    public void opened() {
        if (link.fast()) {
            link.send(PeerMessage.HaveNone.INSTANCE); // BEP 6: one of bitfield, have all, have none comes first
        }
        search.joined(this);
    }

    @Override
    public void peerExtended(ExtendedHandshake theirs) {
        peerMetadataId = theirs.extensionId(UtMetadataMessage.EXTENSION_NAME).orElse(0);
        metadataSize = theirs.metadataSize().orElse(0);
        if (!offered && peerMetadataId != 0 && theirs.metadataSize().isPresent()) {
            offered = true;
            search.offered(this, metadataSize);
        }
    }

    @Override
    public boolean received(PeerMessage message) {
        if (message instanceof PeerMessage.Hashes hashes) {
            search.hashes(this, hashes);
            return true;
        }
        if (message instanceof PeerMessage.HashReject reject) {
            search.hashesRejected(this, reject.request());
            return true;
        }
        if (message instanceof PeerMessage.HashRequest request) {
            if (!link.writeQueueFull()) {
                link.send(request.reject());
            }
            return true;
        }
        if (!(message instanceof PeerMessage.Extended extended) || extended.extendedId() != UT_METADATA_ID) {
            return false;
        }
        UtMetadataMessage m;
        try {
            m = UtMetadataMessage.decode(extended.payload());
        } catch (PeerWireException e) {
            LOG.debugf("peer %s: %s", link.remote(), e.getMessage());
            link.close(DisconnectReason.MALFORMED_MESSAGE);
            return true;
        }
        switch (m.type()) {
            case DATA -> search.piece(this, m.piece(), m.totalSize(), m.data());
            case REJECT -> search.rejected(this);
            case REQUEST -> {
                if (peerMetadataId != 0 && !link.writeQueueFull()) {
                    link.send(UtMetadataMessage.reject(m.piece()).toMessage(peerMetadataId));
                }
            }
            default -> {}
        }
        return true;
    }

    @Override
    public void tick(long now, long elapsedNanos) {
        search.tick(this, now);
    }

    @Override
    public void closed() {
        search.left(this);
    }

    /** The {@code metadata_size} the peer announced. */
    long metadataSize() {
        return metadataSize;
    }

    /** Asks the peer for every piece of the dictionary, from any thread. */
    void requestAll(int count) {
        link.onLoop(() -> {
            for (int piece = 0; piece < count; piece++) {
                link.send(UtMetadataMessage.request(piece).toMessage(peerMetadataId));
            }
        });
    }

    /** Whether this is a v2 connection, the only kind hash requests are sent on. */
    @Override
    public boolean v2() {
        return link.v2();
    }

    /** Sends a BEP 52 hash request, from any thread. */
    @Override
    public void requestHashes(PeerMessage.HashRequest request) {
        link.onLoop(() -> link.send(request));
    }

    /** Ends this connection for bad metadata, from any thread. */
    void drop(String why) {
        LOG.infof("peer %s dropped while fetching metadata: %s", link.remote(), why);
        link.onLoop(() -> link.close(DisconnectReason.BAD_METADATA));
    }
}
