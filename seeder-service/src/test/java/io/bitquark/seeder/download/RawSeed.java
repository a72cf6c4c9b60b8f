package io.bitquark.seeder.download;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * A seed of a {@link GeneratedTorrent} on plain blocking sockets, driven by a test. It listens on a loopback address
 * (on a free port), takes the one connection the service's dialer opens to it, answers the handshake (fast and
 * extension protocol), sends its BEP 10 handshake (with a {@code reqq} when told), its bitfield and an unchoke (at
 * once, or when the test says), and serves every request from the generated content: at once, or each one a fixed
 * delay after it arrived (pipelined, as a long link delays them), corrupted for chosen blocks, or never (a silent
 * peer). A {@code cancel} that arrives before its answer drops the answer.
 *
 * <p>It records every message it receives, in order, and how many requests it held at most: received, and neither
 * answered nor cancelled yet. It never uploads anything else, and never requests.
 */
final class RawSeed implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 30_000;
    private static final AtomicInteger IDS = new AtomicInteger();

    private final GeneratedTorrent torrent;
    private InetAddress address = InetAddress.getLoopbackAddress();
    private int reqq;
    private BitSet pieces;
    private Duration delay = Duration.ZERO;
    private boolean silent;
    private boolean holdUnchoke;
    private BiPredicate<Integer, Integer> corrupt = (piece, begin) -> false;

    private final PeerId id =
            PeerId.of(String.format("-RS0001-%012d", IDS.incrementAndGet()).getBytes(StandardCharsets.US_ASCII));
    private final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "raw-seed-answers");
        t.setDaemon(true);
        return t;
    });
    private final Object sending = new Object();
    private final CountDownLatch greeted = new CountDownLatch(1);
    private final CountDownLatch interested = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);

    private ServerSocket server;
    private Thread reader;
    private volatile Socket socket;
    private volatile OutputStream out;
    private volatile boolean closing;
    private volatile boolean closedByService;
    private volatile Throwable failure;

    /** Guarded by {@code this}. */
    private final List<PeerMessage> received = new ArrayList<>();

    private final List<PeerMessage.Request> answered = new ArrayList<>();
    private final Map<Long, Integer> held = new HashMap<>();
    private int heldCount;
    private int maxHeld;
    private final List<PeerMessage.Request> corrupted = new ArrayList<>();

    private RawSeed(GeneratedTorrent torrent) {
        this.torrent = torrent;
    }

    /** A seed of every piece of {@code torrent} that answers at once; change it before {@link #start}. */
    static RawSeed of(GeneratedTorrent torrent) {
        return new RawSeed(torrent);
    }

    /** Listens on {@code address} (a loopback address: 127.0.0.2 is another peer than 127.0.0.1). */
    RawSeed at(String address) {
        try {
            this.address = InetAddress.getByName(address);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    /** Sends {@code reqq} in its extended handshake (BEP 10): the most requests it accepts outstanding. */
    RawSeed reqq(int reqq) {
        this.reqq = reqq;
        return this;
    }

    /** Has only these pieces (its bitfield). */
    RawSeed pieces(BitSet pieces) {
        this.pieces = (BitSet) pieces.clone();
        return this;
    }

    /** Answers each request {@code delay} after it arrived, whatever else is waiting. */
    RawSeed answerAfter(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Takes requests and never answers them. */
    RawSeed silent() {
        this.silent = true;
        return this;
    }

    /** Sends the blocks {@code (piece, begin)} for which {@code corrupt} holds with their first byte flipped. */
    RawSeed corrupting(BiPredicate<Integer, Integer> corrupt) {
        this.corrupt = corrupt;
        return this;
    }

    /** Keeps the service choked after the greeting until {@link #unchoke} is called. */
    RawSeed holdingUnchoke() {
        this.holdUnchoke = true;
        return this;
    }

    /** Listens, and serves the first connection made to it on a thread of its own. */
    RawSeed start() throws IOException {
        server = new ServerSocket(0, 1, address);
        server.setSoTimeout(TIMEOUT_MILLIS);
        reader = new Thread(this::serve, "raw-seed-" + server.getLocalPort());
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    /** {@code host:port}, as {@code POST /api/torrents/{id}/peers} takes it. */
    String endpoint() {
        return address.getHostAddress() + ":" + server.getLocalPort();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        try (Socket s = server.accept()) {
            socket = s;
            s.setTcpNoDelay(true);
            s.setSoTimeout(TIMEOUT_MILLIS);
            InputStream in = s.getInputStream();
            out = s.getOutputStream();
            byte[] theirs = in.readNBytes(Handshake.LENGTH);
            if (theirs.length < Handshake.LENGTH) {
                throw new EOFException("closed during the handshake");
            }
            if (!Arrays.equals(Handshake.decode(theirs).infoHash(), torrent.infoHash())) {
                throw new IllegalStateException("the service dialed us for another torrent");
            }
            ReservedBits bits = ReservedBits.none().withFast(true).withExtensionProtocol(true);
            write(new Handshake(bits, torrent.infoHash(), id).encode());
            ExtendedHandshake.Builder extended = ExtendedHandshake.builder().client("raw seed");
            if (reqq > 0) {
                extended.requestQueueLength(reqq);
            }
            send(extended.build().toMessage());
            BitSet has = pieces;
            if (has == null) {
                has = new BitSet();
                has.set(0, torrent.pieceCount());
            }
            send(PeerMessage.Bitfield.of(has, torrent.pieceCount()));
            if (!holdUnchoke) {
                send(PeerMessage.Unchoke.INSTANCE);
            }
            greeted.countDown();
            read(in);
        } catch (IOException e) {
            if (!closing) {
                closedByService = true;
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            ended.countDown();
        }
    }

    private void read(InputStream in) throws Exception {
        FrameDecoder decoder = new FrameDecoder(new FrameLimits(1 << 20, 1 << 20, 1 << 20, 1 << 20));
        byte[] chunk = new byte[64 * 1024];
        while (true) {
            int n = in.read(chunk);
            if (n < 0) {
                throw new EOFException();
            }
            for (PeerMessage message : decoder.feed(chunk, 0, n)) {
                if (!(message instanceof PeerMessage.KeepAlive)) {
                    receivedMessage(message);
                }
            }
        }
    }

    private void receivedMessage(PeerMessage message) {
        synchronized (this) {
            received.add(message);
            if (message instanceof PeerMessage.Request r) {
                held.merge(key(r.pieceIndex(), r.begin()), 1, Integer::sum);
                maxHeld = Math.max(maxHeld, ++heldCount);
            } else if (message instanceof PeerMessage.Cancel c) {
                release(key(c.pieceIndex(), c.begin()));
            }
        }
        if (message instanceof PeerMessage.Request r && !silent) {
            answers.schedule(() -> answer(r), delay.toNanos(), TimeUnit.NANOSECONDS);
        } else if (message instanceof PeerMessage.Interested) {
            interested.countDown();
        }
    }

    /** Takes one held request for the block off the count; false when none was held (it was cancelled). */
    private synchronized boolean release(long key) {
        Integer n = held.get(key);
        if (n == null) {
            return false;
        }
        if (n == 1) {
            held.remove(key);
        } else {
            held.put(key, n - 1);
        }
        heldCount--;
        return true;
    }

    private void answer(PeerMessage.Request r) {
        if (!release(key(r.pieceIndex(), r.begin()))) {
            return;
        }
        byte[] block = torrent.block(r.pieceIndex(), r.begin(), r.length());
        boolean bad = corrupt.test(r.pieceIndex(), r.begin());
        if (bad) {
            block[0] ^= (byte) 0xff;
        }
        try {
            send(new PeerMessage.Piece(r.pieceIndex(), r.begin(), block));
            synchronized (this) {
                answered.add(r);
                if (bad) {
                    corrupted.add(r);
                }
            }
        } catch (IOException e) {
            if (!closing) {
                closedByService = true;
            }
        }
    }

    private void send(PeerMessage message) throws IOException {
        write(PeerWireCodec.encode(message));
    }

    private void write(byte[] bytes) throws IOException {
        synchronized (sending) {
            out.write(bytes);
            out.flush();
        }
    }

    /** Unchokes the service, when it was held ({@link #holdingUnchoke}). */
    void unchoke() throws IOException {
        send(PeerMessage.Unchoke.INSTANCE);
    }

    /** Waits until the service has connected and been greeted (handshakes, bitfield). */
    void awaitGreeted() throws InterruptedException {
        await(greeted, "the service to connect");
    }

    /** Waits until the service said it is interested: it has counted our bitfield. */
    void awaitInterested() throws InterruptedException {
        await(interested, "the service to be interested");
    }

    /** Waits until the connection has ended; true when the service closed it. */
    boolean awaitClosedByService() throws InterruptedException {
        await(ended, "the service to close the connection");
        return closedByService;
    }

    private void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError(
                    "timed out waiting for " + what + " at " + endpoint() + (failure == null ? "" : ": " + failure));
        }
        if (failure != null) {
            throw new AssertionError("raw seed " + endpoint() + " failed", failure);
        }
    }

    /** Every message received so far (keep-alives aside), in order. */
    synchronized List<PeerMessage> received() {
        return List.copyOf(received);
    }

    /** The requests received so far, in order. */
    synchronized List<PeerMessage.Request> requests() {
        return received.stream()
                .filter(PeerMessage.Request.class::isInstance)
                .map(PeerMessage.Request.class::cast)
                .toList();
    }

    /** Whether it has been asked for the block at {@code begin} of {@code piece}. */
    synchronized boolean askedFor(int piece, int begin) {
        return received.stream()
                .anyMatch(m -> m instanceof PeerMessage.Request r && r.pieceIndex() == piece && r.begin() == begin);
    }

    /** The cancels received so far, in order. */
    synchronized List<PeerMessage.Cancel> cancels() {
        return received.stream()
                .filter(PeerMessage.Cancel.class::isInstance)
                .map(PeerMessage.Cancel.class::cast)
                .toList();
    }

    /** The requests answered with a block so far, in the order the blocks were sent. */
    synchronized List<PeerMessage.Request> answered() {
        return List.copyOf(answered);
    }

    /** The most requests held at once: received and neither answered nor cancelled yet. */
    synchronized int maxOutstanding() {
        return maxHeld;
    }

    /** Starts {@link #maxOutstanding} over from the requests held now. */
    synchronized void resetMaxOutstanding() {
        maxHeld = heldCount;
    }

    /** The requests held now. */
    synchronized int outstanding() {
        return heldCount;
    }

    /** The blocks sent corrupted, in order. */
    synchronized List<PeerMessage.Request> corrupted() {
        return List.copyOf(corrupted);
    }

    /** Whether the service has closed the connection (not this seed). */
    boolean closedByService() {
        return closedByService;
    }

    /** Why serving failed other than by the connection ending, or null. */
    Throwable failure() {
        return failure;
    }

    private static long key(int piece, int begin) {
        return ((long) piece << 32) | (begin & 0xffffffffL);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        closing = true;
        answers.shutdownNow();
        server.close();
        Socket s = socket;
        if (s != null) {
            s.close();
        }
        reader.join(TIMEOUT_MILLIS);
    }
}
