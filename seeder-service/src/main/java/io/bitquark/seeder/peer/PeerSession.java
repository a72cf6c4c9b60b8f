package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.ExtendedHandshake;
import io.bitquark.protocol.peer.FrameDecoder;
import io.bitquark.protocol.peer.Handshake;
import io.bitquark.protocol.peer.HandshakeException;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireCodec;
import io.bitquark.protocol.peer.PeerWireException;
import io.bitquark.protocol.peer.ReservedBits;
import io.bitquark.protocol.peer.mse.MseException;
import io.bitquark.seeder.download.DownloadRole;
import io.bitquark.seeder.metadata.MetadataRole;
import io.bitquark.seeder.metadata.MetadataSearch;
import io.bitquark.seeder.upload.UploadRole;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One peer's TCP connection: the bytes, up to and including the handshake, then the framed messages, which it
 * hands to its roles ({@link PeerRole}): the {@link UploadRole} and the {@link DownloadRole}. Everything runs on
 * the event loop the socket belongs to.
 *
 * <pre>
 * accepted (the peer connected to us)            initiated (we connected to the peer)
 * [encrypted opening, MSE/PE: {@link OpeningReader}]
 * their header (48 bytes) ---&gt; torrent looked up      &lt;--- our handshake, sent first
 *                         &lt;--- our handshake         their header ---&gt; must carry our info-hash
 * their peer id           ---&gt;                       their peer id ---&gt;
 *                   neither may be our own peer id: that is a connection to ourselves
 *                         &lt;--- greeting: our BEP 10 extended handshake, then what the roles open with
 * messages                ---&gt; roles, in turn; a message no role handles is ignored
 * </pre>
 *
 * <p>Frames are cut by the protocol's {@link FrameDecoder}, which refuses an oversized length prefix before
 * allocating anything. Timeouts (handshake, idle) and keep-alives are driven by the server's sweep timer through
 * {@link #sweep}. Whatever a peer sends, only this connection is affected: it is closed, once, never the others.
 */
final class PeerSession implements PeerLink {

    private static final Logger LOG = Logger.getLogger(PeerSession.class);
    private static final ReservedBits OUR_RESERVED =
            ReservedBits.none().withFast(true).withExtensionProtocol(true);
    private static final String UNKNOWN_CLIENT = "unknown";

    /** Who opened the TCP connection. */
    enum Direction {
        ACCEPTED,
        INITIATED
    }

    private enum Stage {
        OPENING,
        HEADER,
        PEER_ID,
        ACTIVE,
        CLOSED
    }

    private final PeerWireRuntime runtime;
    private final Context context;
    private final NetSocket socket;
    private final SocketAddress remote;
    private final InetAddress address;
    private final Direction direction;
    private final long connectedAt;
    private final boolean encryptedOpening;
    /** The MSE/PE opening, accepted or initiated; null for an initiated connection in plain text. */
    private Opening opening;
    /** The RC4 of every byte after the handshake, both ways, when the opening selected it. */
    private PayloadCipher cipher;

    private volatile String encryption = Opening.NONE;
    /** The listen port an accepted peer's BEP 10 handshake names ({@code p}), else 0. */
    private volatile int advertisedPort;

    private boolean receivedAny;
    private DisconnectReason closedWith;
    private final HandshakeReader handshake = new HandshakeReader();
    private final Outbox outbox;
    private final Promise<PeerId> established = Promise.promise();
    private Stage stage;
    private FrameDecoder decoder;
    private Swarm swarm;
    private ServedTorrent torrent;
    /** The info-hash of this connection's handshake: the v1 hash, or the truncated v2 hash of a v2 or hybrid torrent. */
    private byte[] connectionHash;

    private boolean fast;
    private boolean v2;
    private boolean extensions;
    /** While the greeting is being put together, what is sent is gathered here and written at once. */
    private Buffer corked;

    private volatile UploadRole upload;
    private volatile DownloadRole download;
    private List<PeerRole> roles = List.of();
    private long lastReceived;
    private long lastSent;
    private volatile PeerId peerId;

    private PeerSession(
            PeerWireRuntime runtime,
            Context context,
            NetSocket socket,
            Direction direction,
            ServedTorrent torrent,
            boolean encryptedOpening,
            long now) {
        this.runtime = runtime;
        this.context = context;
        this.socket = socket;
        this.remote = socket.remoteAddress();
        this.address = addressOf(remote);
        this.direction = direction;
        this.torrent = torrent;
        this.encryptedOpening = encryptedOpening;
        this.opening = direction == Direction.ACCEPTED
                ? new OpeningReader(
                        runtime.directory(), runtime.config().encryption().methods())
                : null;
        this.stage = direction == Direction.ACCEPTED || encryptedOpening ? Stage.OPENING : Stage.HEADER;
        this.outbox = new Outbox(context, this::writePieces);
        this.connectedAt = now;
        this.lastReceived = now;
        this.lastSent = now;
    }

    /** A connection a peer opened to us; the torrent is known once its handshake names one. */
    static PeerSession accepted(PeerWireRuntime runtime, Context context, NetSocket socket, long now) {
        return new PeerSession(runtime, context, socket, Direction.ACCEPTED, null, false, now);
    }

    /**
     * A connection we opened to a peer, for {@code torrent}: in plain text, or with an MSE/PE opening providing
     * the methods {@code bitquark.seeder.peer.encryption} allows.
     */
    static PeerSession initiated(
            PeerWireRuntime runtime,
            Context context,
            NetSocket socket,
            ServedTorrent torrent,
            boolean encryptedOpening,
            long now) {
        return new PeerSession(runtime, context, socket, Direction.INITIATED, torrent, encryptedOpening, now);
    }

    /**
     * Starts reading from the socket; an initiated connection sends its handshake first: in plain text, or with
     * an MSE/PE opening ({@link InitiatorOpening}: its public key and padding first, our handshake in its initial
     * payload), which then runs in the {@link Stage#OPENING} stage as the receiving side does.
     */
    void start() {
        socket.setWriteQueueMaxSize(runtime.config().sendBufferWatermark());
        socket.handler(this::received);
        socket.drainHandler(v -> roles.forEach(PeerRole::drained));
        socket.exceptionHandler(e -> {
            LOG.debugf("peer %s: %s", remote, e.toString());
            close(DisconnectReason.CLOSED_BY_PEER);
        });
        socket.closeHandler(v -> close(DisconnectReason.CLOSED_BY_PEER));
        if (direction == Direction.INITIATED && join(torrent)) {
            connectionHash = torrent.handshakeHash();
            byte[] ours = new Handshake(OUR_RESERVED, connectionHash, runtime.localId()).encode();
            if (encryptedOpening) {
                InitiatorOpening initiator = new InitiatorOpening(
                        connectionHash, runtime.config().encryption().methods(), ours);
                opening = initiator;
                write(Buffer.buffer(initiator.start()));
            } else {
                write(Buffer.buffer(ours));
            }
        }
    }

    /**
     * Whether this was a connection we opened in plain text that the peer closed before sending a byte: what a
     * client set to require encryption does with a plain handshake.
     */
    boolean refusedPlainHandshake() {
        return direction == Direction.INITIATED
                && !encryptedOpening
                && !receivedAny
                && closedWith == DisconnectReason.CLOSED_BY_PEER;
    }

    /** Closes a connection refused before anything was read (a connection limit). */
    void refuse(DisconnectReason reason) {
        stage = Stage.CLOSED;
        runtime.listener().peerDisconnected(direction == Direction.INITIATED ? torrent : null, remote, reason);
        established.tryFail(new PeerConnectException(reason));
        socket.close();
    }

    /**
     * Completes with the peer's id once the handshake is done both ways; fails with a
     * {@link PeerConnectException} when the connection ends before.
     */
    Future<PeerId> established() {
        return established.future();
    }

    // ---- bytes in

    private void received(Buffer data) {
        if (stage == Stage.CLOSED) {
            return;
        }
        lastReceived = System.nanoTime();
        receivedAny = true;
        ByteBuffer in = data.getByteBuf().nioBuffer();
        if (cipher != null) {
            cipher.decrypt(in);
        }
        try {
            if (stage == Stage.OPENING) {
                in = opening.feed(in, reply -> write(Buffer.buffer(reply)));
                if (in == null) {
                    return;
                }
                cipher = opening.cipher();
                encryption = opening.encryption();
                if (opening instanceof OpeningReader reader
                        && !reader.encrypted()
                        && !runtime.config().encryption().allowsPlainHandshake()) {
                    close(DisconnectReason.ENCRYPTION_REQUIRED);
                    return;
                }
                stage = Stage.HEADER;
            }
            if (stage != Stage.ACTIVE) {
                readHandshake(in);
            }
            if (stage == Stage.ACTIVE && in.hasRemaining()) {
                List<PeerMessage> messages = decoder.feed(in);
                for (int i = 0; i < messages.size() && stage == Stage.ACTIVE; i++) {
                    dispatch(messages.get(i));
                }
            }
        } catch (HandshakeException e) {
            LOG.debugf("peer %s: %s", remote, e.getMessage());
            close(DisconnectReason.NOT_A_HANDSHAKE);
        } catch (MseException e) {
            LOG.debugf("peer %s: encrypted handshake: %s", remote, e.getMessage());
            close(DisconnectReason.of(e.failure()));
        } catch (PeerWireException e) {
            LOG.debugf("peer %s: %s", remote, e.getMessage());
            // FrameDecoder words every refused length prefix "length prefix N exceeds the limit ..."
            close(
                    e.getMessage().startsWith("length prefix ")
                            ? DisconnectReason.OVERSIZED_FRAME
                            : DisconnectReason.MALFORMED_MESSAGE);
        }
    }

    private void readHandshake(ByteBuffer in) throws HandshakeException {
        handshake.feed(in);
        if (stage == Stage.HEADER && handshake.headerComplete()) {
            headerReceived(handshake.header());
        }
        if (stage == Stage.PEER_ID && handshake.complete()) {
            peerIdReceived(handshake.peerId());
        }
    }

    private void headerReceived(Handshake.Header header) {
        byte[] hash = header.infoHash();
        if (direction == Direction.ACCEPTED) {
            ServedTorrent found = runtime.directory().find(hash);
            if (found == null) {
                close(DisconnectReason.UNKNOWN_INFO_HASH);
                return;
            }
            torrent = found;
            if (!join(found)) {
                return;
            }
            connectionHash = hash;
            write(Buffer.buffer(new Handshake(OUR_RESERVED, hash, runtime.localId()).encode()));
        } else if (!Arrays.equals(hash, connectionHash)) {
            close(DisconnectReason.UNEXPECTED_INFO_HASH);
            return;
        }
        fast = header.reserved().supportsFast();
        v2 = Arrays.equals(connectionHash, torrent.v2HandshakeHash());
        extensions = header.reserved().supportsExtensionProtocol();
        stage = Stage.PEER_ID;
    }

    /** Joins the torrent's swarm, or closes the connection when the torrent takes no more peers. */
    private boolean join(ServedTorrent found) {
        if (!found.accepting()) {
            close(DisconnectReason.TORRENT_NOT_ACCEPTING);
            return false;
        }
        swarm = runtime.registry().join(this, found, System.nanoTime());
        if (swarm == null) {
            close(DisconnectReason.TORRENT_CONNECTION_LIMIT);
            return false;
        }
        return true;
    }

    private void peerIdReceived(PeerId id) {
        if (id.equals(runtime.localId())) {
            close(DisconnectReason.SELF_CONNECTION);
            return;
        }
        peerId = id;
        stage = Stage.ACTIVE;
        decoder = new FrameDecoder(runtime.frameLimits());
        MetadataSearch search = torrent.metadataSearch();
        if (search != null) {
            // metadata only: nothing to serve, no piece known (BEP 9)
            roles = List.of(new MetadataRole(this, search));
        } else {
            upload = runtime.uploads().attach(this, swarm.upload());
            download = new DownloadRole(
                    this,
                    torrent.download(),
                    runtime.config().snubTimeout().toNanos(),
                    runtime.downloadThrottle(torrent));
            roles = List.of(upload, download);
        }
        runtime.listener().peerConnected(torrent, remote);
        greet();
        established.tryComplete(id);
    }

    /** Sends our extended handshake (to a peer that supports BEP 10) and the roles' first messages, in one write. */
    private void greet() {
        corked = Buffer.buffer();
        if (extensions) {
            ExtendedHandshake.Builder ours = ExtendedHandshake.builder().client(runtime.clientVersion());
            if (address != null) {
                ours.yourIp(address);
            }
            roles.forEach(role -> role.extend(ours));
            send(ours.build().toMessage());
        }
        roles.forEach(PeerRole::opened);
        Buffer greeting = corked;
        corked = null;
        if (greeting.length() > 0) {
            write(greeting);
        }
    }

    private void dispatch(PeerMessage message) {
        if (message instanceof PeerMessage.Extended extended
                && extended.extendedId() == PeerMessage.Extended.HANDSHAKE_ID) {
            ExtendedHandshake theirs;
            try {
                theirs = ExtendedHandshake.decode(extended);
            } catch (PeerWireException e) {
                LOG.debugf("peer %s: extended handshake ignored: %s", remote, e.getMessage());
                return;
            }
            theirs.port().ifPresent(port -> advertisedPort = port);
            roles.forEach(role -> role.peerExtended(theirs));
            return;
        }
        for (PeerRole role : roles) {
            if (role.received(message)) {
                return;
            }
        }
        // No role handles it (keep-alive, port, suggest, an unknown id, ...): ignored.
    }

    // ---- bytes out

    private void write(Buffer buffer) {
        if (corked != null) {
            corked.appendBuffer(buffer);
            return;
        }
        outbox.flush();
        socket.write(cipher == null ? buffer : cipher.encrypt(buffer));
        lastSent = System.nanoTime();
    }

    @Override
    public void send(PeerMessage message) {
        if (stage != Stage.CLOSED) {
            write(Buffer.buffer(PeerWireCodec.encode(message)));
        }
    }

    @Override
    public void sendPiece(int index, int begin, ByteBuf block) {
        if (stage != Stage.ACTIVE) {
            block.release();
            return;
        }
        outbox.add(index, begin, block);
    }

    /**
     * Writes gathered piece messages; Vert.x never releases what it is given, so they go back once written. With
     * RC4 they are copied once, encrypted, and go back at once: their blocks may be shared.
     */
    private void writePieces(CompositeByteBuf pieces) {
        if (stage != Stage.ACTIVE) {
            pieces.release();
            return;
        }
        if (cipher != null) {
            Buffer encrypted = cipher.encryptCopy(pieces);
            pieces.release();
            socket.write(encrypted);
        } else {
            socket.write(Buffer.buffer(pieces), written -> pieces.release());
        }
        lastSent = System.nanoTime();
    }

    @Override
    public void pauseReading() {
        socket.pause();
    }

    @Override
    public void resumeReading() {
        if (stage != Stage.CLOSED) {
            socket.resume();
        }
    }

    @Override
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    // ---- what roles know

    @Override
    public ServedTorrent torrent() {
        return torrent;
    }

    @Override
    public byte[] handshakeHash() {
        return connectionHash.clone();
    }

    @Override
    public boolean fast() {
        return fast;
    }

    @Override
    public boolean v2() {
        return v2;
    }

    @Override
    public SocketAddress remote() {
        return remote;
    }

    @Override
    public InetAddress address() {
        return address;
    }

    private static InetAddress addressOf(SocketAddress remote) {
        try {
            String host = remote.hostAddress();
            return host == null ? null : InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public PeerWireListener listener() {
        return runtime.listener();
    }

    // ---- timers, commands and the end

    /**
     * Called by the server's sweep timer: ends a connection whose handshake is late or that has been silent for
     * the idle timeout, and sends a keep-alive when we have sent nothing for the keep-alive interval.
     */
    void sweep(long now) {
        if (stage == Stage.CLOSED) {
            return;
        }
        if (stage != Stage.ACTIVE) {
            if (now - connectedAt >= runtime.config().handshakeTimeout().toNanos()) {
                close(DisconnectReason.HANDSHAKE_TIMEOUT);
            }
        } else if (now - lastReceived >= runtime.config().idleTimeout().toNanos()) {
            close(DisconnectReason.IDLE);
        } else if (now - lastSent >= runtime.config().keepAliveInterval().toNanos()) {
            send(PeerMessage.KeepAlive.INSTANCE);
        }
    }

    /** Updates the upload rate from the bytes sent over the last {@code elapsedNanos}. */
    void sampleRate(long elapsedNanos) {
        if (upload != null) {
            upload.sampleRate(elapsedNanos);
        }
        if (stage == Stage.ACTIVE) {
            long now = System.nanoTime();
            for (PeerRole role : roles) {
                role.tick(now, elapsedNanos);
            }
        }
    }

    /** Sends {@code have} for a piece that became available (a partial seed finished verifying it). */
    void have(int pieceIndex) {
        if (stage == Stage.ACTIVE && upload != null) {
            upload.have(pieceIndex);
        }
    }

    /** Closes the connection (once) and tells the roles, the registry and the listener. */
    @Override
    public void close(DisconnectReason reason) {
        if (stage == Stage.CLOSED) {
            return;
        }
        stage = Stage.CLOSED;
        closedWith = reason;
        corked = null;
        outbox.discard();
        roles.forEach(PeerRole::closed);
        runtime.registry().remove(this, swarm);
        if (reason.offence()) {
            LOG.debugf("peer %s disconnected: %s", remote, reason.tag());
        }
        runtime.listener().peerDisconnected(torrent, remote, reason);
        established.tryFail(new PeerConnectException(reason));
        socket.close();
    }

    @Override
    public void onLoop(Runnable action) {
        if (((ContextInternal) context).nettyEventLoop().inEventLoop()) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    @Override
    public long downloadRate() {
        DownloadRole down = download;
        return down == null ? 0 : down.downloadRate();
    }

    PeerSnapshot snapshot() {
        PeerId id = peerId;
        UploadRole up = upload;
        DownloadRole down = download;
        String client = id == null
                ? UNKNOWN_CLIENT
                : id.client().map(PeerId.Client::toString).orElse(UNKNOWN_CLIENT);
        return new PeerSnapshot(
                remote.hostAddress(),
                remote.port(),
                client,
                id == null ? "" : id.toString(),
                up == null ? 0 : up.uploaded(),
                up == null ? 0 : up.uploadRate(),
                up == null || up.choked(),
                up != null && up.interested(),
                direction == Direction.INITIATED ? remote.port() : advertisedPort,
                down == null ? 0 : down.downloaded(),
                down == null ? 0 : down.downloadRate(),
                down != null && down.snubbed(),
                encryption);
    }
}
