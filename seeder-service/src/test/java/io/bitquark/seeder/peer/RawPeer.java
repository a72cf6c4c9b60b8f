package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.ExtendedHandshake;
import io.bitquark.protocol.peer.FrameDecoder;
import io.bitquark.protocol.peer.FrameLimits;
import io.bitquark.protocol.peer.Handshake;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireCodec;
import io.bitquark.protocol.peer.ReservedBits;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * A peer driven byte by byte by a test, over a plain blocking socket: it says exactly what the test tells it,
 * well-formed or not, and reads what the server answers with the protocol's own decoder.
 */
final class RawPeer implements AutoCloseable {

    static final int TIMEOUT_MILLIS = 10_000;
    /** The peer id this peer sends: a qBittorrent 4.6.5 one. */
    static final PeerId ID = PeerId.of("-qB4650-abcdefghijkl".getBytes(StandardCharsets.US_ASCII));

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameDecoder decoder = new FrameDecoder(new FrameLimits(1 << 20, 1 << 20, 1 << 20, 1 << 20));
    private final ArrayDeque<PeerMessage> pending = new ArrayDeque<>();
    private final byte[] chunk = new byte[64 * 1024];

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawPeer connect(int port) throws IOException {
        return new RawPeer(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** The next connection made to {@code listening}, as a peer that answers. */
    static RawPeer accept(ServerSocket listening) throws IOException {
        listening.setSoTimeout(TIMEOUT_MILLIS);
        return new RawPeer(listening.accept());
    }

    /** Connects and completes the handshake for {@code hash}, announcing the fast and extension bits as asked. */
    static RawPeer handshaken(int port, byte[] hash, boolean fast, boolean extensions) throws IOException {
        RawPeer peer = connect(port);
        Handshake answer = peer.handshake(hash, fast, extensions);
        if (!Arrays.equals(answer.infoHash(), hash)) {
            throw new AssertionError("the server answered for another info-hash");
        }
        return peer;
    }

    /** Sends our handshake and reads the server's. */
    Handshake handshake(byte[] hash, boolean fast, boolean extensions) throws IOException {
        sendHandshake(hash, fast, extensions, ID);
        return receiveHandshake();
    }

    /** Sends a handshake for {@code hash} with peer id {@code id}, announcing the fast and extension bits as asked. */
    void sendHandshake(byte[] hash, boolean fast, boolean extensions, PeerId id) throws IOException {
        ReservedBits reserved = ReservedBits.none().withFast(fast).withExtensionProtocol(extensions);
        sendRaw(new Handshake(reserved, hash, id).encode());
    }

    /** Reads the other end's 68-byte handshake. */
    Handshake receiveHandshake() throws IOException {
        byte[] bytes = in.readNBytes(Handshake.LENGTH);
        if (bytes.length < Handshake.LENGTH) {
            throw new EOFException("the server closed during the handshake");
        }
        try {
            return Handshake.decode(bytes);
        } catch (Exception e) {
            throw new AssertionError("bad handshake from the server", e);
        }
    }

    void send(PeerMessage message) throws IOException {
        sendRaw(PeerWireCodec.encode(message));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendExtendedHandshake(int utMetadataId) throws IOException {
        send(ExtendedHandshake.builder()
                .extension("ut_metadata", utMetadataId)
                .client("raw test peer")
                .build()
                .toMessage());
    }

    void request(int index, int begin, int length) throws IOException {
        send(new PeerMessage.Request(index, begin, length));
    }

    /** The next message from the server; fails the test after {@link #TIMEOUT_MILLIS} ms of silence. */
    PeerMessage next() throws IOException {
        while (pending.isEmpty()) {
            int n = in.read(chunk);
            if (n < 0) {
                throw new EOFException("the server closed the connection");
            }
            try {
                pending.addAll(decoder.feed(chunk, 0, n));
            } catch (Exception e) {
                throw new AssertionError("the server sent a bad frame", e);
            }
        }
        return pending.poll();
    }

    /** The next message of type {@code type}, skipping the others (keep-alives, have, ...). */
    <T extends PeerMessage> T next(Class<T> type) throws IOException {
        return type.cast(nextMatching(type::isInstance));
    }

    PeerMessage nextMatching(Predicate<PeerMessage> wanted) throws IOException {
        while (true) {
            PeerMessage message = next();
            if (wanted.test(message)) {
                return message;
            }
        }
    }

    /** Waits until the server closes the connection, ignoring what it sends before; true when it did. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read(chunk) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** Reads nothing for {@code millis} ms: whether the connection is still open afterwards. */
    boolean stillOpenAfter(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            while (true) {
                int n = in.read(chunk);
                if (n < 0) {
                    return false;
                }
                pending.addAll(decoder.feed(chunk, 0, n));
            }
        } catch (SocketTimeoutException e) {
            return true;
        } catch (SocketException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
    }

    int localPort() {
        return socket.getLocalPort();
    }

    void setReceiveTimeout(int millis) throws SocketException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
