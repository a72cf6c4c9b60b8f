package io.bitquark.seeder.download;

import io.bitquark.protocol.hash.PieceDigest;
import io.bitquark.protocol.hash.PieceHashes;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.seeder.rate.TransferRate;
import io.bitquark.seeder.storage.TorrentData;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;

/**
 * One torrent's download: which blocks to ask for ({@link PiecePicker}), the pieces being assembled from their
 * blocks, their verification and writing, and who sent bad data ({@link SmartBan}).
 *
 * <pre>
 * DownloadRole (a peer's event loop)          this (under its lock)              disk (a worker thread)
 * pick(role, n)              ---------------&gt; picker: blocks to request
 * block(role, piece, ...)    ---------------&gt; a NEW block is copied into its piece
 *                                             every block arrived ----------------&gt; hash from memory
 *                                                                                    pass: write, mark verified
 *                                             picker.verified, have to the peers &lt;-- (Events.pieceVerified)
 *                                             fail: blocks open again, smart ban
 * WebSeed (its event loop)
 * claim(seed, has)           ---------------&gt; picker: a whole piece nobody else fetches
 * webPiece(seed, piece, ..)  ---------------&gt; its blocks, as if they came one by one ---&gt; the same as above
 *                                             (a failed piece is never claimed by that seed again)
 * </pre>
 *
 * <p>A piece's blocks stay in memory, counted against the process's {@link DownloadBudget}, until the piece is
 * written; they are hashed from there, so nothing is read back from disk. A piece is verified before it is marked
 * complete, announced or served. A write error (a full disk) stops the download, marks nothing and is reported
 * once through {@link Events#failed}.
 *
 * <p>The peers of one torrent live on several event loops, so every method takes this object's lock; none of
 * them blocks, and the work under it is a few array operations. What must happen on a peer's loop (a cancel, a
 * disconnect, resuming reads) is handed to the role, which hops to its loop.
 */
public final class TorrentDownload {

    /** What the torrent is told of; called on a worker thread, outside the lock. */
    public interface Events {
        /** The piece was written and verified: announce it with {@code have}. */
        void pieceVerified(int piece);

        /** Every piece is verified. */
        void completed();

        /** A piece could not be written; the download has stopped. */
        void failed(String reason);
    }

    private final TorrentData data;
    private final PieceHashes hashes;
    private final Executor disk;
    private final DownloadBudget budget;
    private final Events events;
    private final PiecePicker<DownloadSource> picker;
    private final SmartBan<InetAddress> ban = new SmartBan<>();
    private final Map<Integer, Assembly> assembling = new HashMap<>();
    private final Set<DownloadRole> peers = ConcurrentHashMap.newKeySet();
    private final List<WebSeed> webSeeds = new CopyOnWriteArrayList<>();
    private final LongAdder downloaded = new LongAdder();
    private final LongAdder failedBytes = new LongAdder();
    private final LongAdder redundantBytes = new LongAdder();
    private final TransferRate rate = new TransferRate();
    private volatile String error;
    private volatile boolean stopped;

    /** The blocks of one piece received so far, and who sent each. */
    private static final class Assembly {
        final byte[] bytes;
        final InetAddress[] senders;
        /** The web seed that sent blocks of the piece (one claims a whole piece), or null. */
        WebSeed webSeed;
        /** How many of the piece's bytes came from {@link #webSeed}. */
        int webBytes;

        Assembly(int length, int blocks) {
            this(new byte[length], blocks);
        }

        /** An assembly in {@code bytes}, which it now owns. */
        Assembly(byte[] bytes, int blocks) {
            this.bytes = bytes;
            this.senders = new InetAddress[blocks];
        }
    }

    /**
     * @param have the pieces already verified (by the check or fast resume)
     * @param disk where pieces are hashed and written
     */
    public TorrentDownload(
            TorrentData data, PieceHashes hashes, BitSet have, Executor disk, DownloadBudget budget, Events events) {
        this.data = data;
        this.hashes = hashes;
        this.disk = disk;
        this.budget = budget;
        this.events = events;
        this.picker = new PiecePicker<>(hashes.totalLength(), hashes.pieceLength(), have, new Random());
    }

    // ---- peers

    /** A peer joined; its pieces follow. Refused (false) for a peer at a banned address. */
    synchronized boolean joined(DownloadRole peer) {
        if (peer.address() != null && ban.banned(peer.address())) {
            return false;
        }
        peers.add(peer);
        picker.peerJoined();
        return true;
    }

    /** A peer left: its requests are open again and its pieces count no more. */
    synchronized void left(DownloadRole peer, List<PeerMessage.Request> outstanding, boolean seed, BitSet pieces) {
        if (!peers.remove(peer)) {
            return;
        }
        for (PeerMessage.Request r : outstanding) {
            picker.abandoned(peer, r.pieceIndex(), r.begin());
        }
        picker.peerLeft(seed, pieces);
        if (!outstanding.isEmpty()) {
            webSeeds.forEach(WebSeed::wake);
        }
    }

    /**
     * The peer's pieces changed wholesale (a bitfield, {@code have all}, {@code have none}): what the picker was
     * told before ({@code wasSeed}, or {@code was} one by one) is taken back and the new pieces counted.
     */
    synchronized void recount(DownloadRole peer, boolean wasSeed, BitSet was, boolean seed, BitSet now) {
        if (!peers.contains(peer)) {
            return;
        }
        picker.peerLeft(wasSeed, was);
        picker.peerJoined();
        if (seed) {
            picker.gotHaveAll();
        } else {
            picker.gotBitfield(now);
        }
    }

    /** A block arrived that was not asked of its sender (or was cancelled meanwhile): redundant bytes. */
    void unrequested(int bytes) {
        redundantBytes.add(bytes);
    }

    synchronized void gotHave(int piece) {
        picker.gotHave(piece);
    }

    synchronized void gotHaveAll() {
        picker.gotHaveAll();
    }

    synchronized void gotBitfield(BitSet pieces) {
        picker.gotBitfield(pieces);
    }

    /** Whether the peer that has {@code piece} has something we want of it. */
    synchronized boolean wants(int piece) {
        return !stopped && !picker.has(piece);
    }

    /** Whether a peer with these pieces has any we want. */
    synchronized boolean wantsAny(IntPredicate has, int pieceCount) {
        if (stopped) {
            return false;
        }
        for (int p = 0; p < pieceCount; p++) {
            if (!picker.has(p) && has.test(p)) {
                return true;
            }
        }
        return false;
    }

    // ---- requests and blocks

    /** Picks up to {@code max} blocks to ask {@code peer} for, into {@code out}. */
    synchronized int pick(DownloadRole peer, IntPredicate has, int max, List<PeerMessage.Request> out) {
        if (stopped || max <= 0 || !peers.contains(peer)) {
            return 0;
        }
        return picker.pick(peer, has, max, out);
    }

    /** A request to {@code peer} will not be answered (rejected, choked, snubbed): its block is open again. */
    synchronized void abandoned(DownloadRole peer, int piece, int begin) {
        if (peers.contains(peer)) {
            picker.abandoned(peer, piece, begin);
        }
    }

    /**
     * A block arrived from {@code from}. A new one is copied into its piece; the peers it was also asked of are
     * told to cancel it; a piece whose blocks have all arrived goes to be verified.
     */
    void block(DownloadRole from, PeerMessage.Piece block) {
        List<DownloadSource> cancelAt = new ArrayList<>(0);
        Assembly full = null;
        int piece = block.pieceIndex();
        synchronized (this) {
            PiecePicker.Arrival arrival = picker.received(from, piece, block.begin(), cancelAt);
            int expected = arrival == PiecePicker.Arrival.NEW ? expectedLength(piece, block.begin()) : -1;
            if (arrival != PiecePicker.Arrival.NEW || block.blockLength() != expected) {
                redundantBytes.add(block.blockLength());
                if (arrival == PiecePicker.Arrival.NEW) { // a block of the wrong length: ask again
                    picker.abandoned(from, piece, block.begin());
                }
                return;
            }
            Assembly assembly = assembly(piece);
            block.blockBuffer().get(assembly.bytes, block.begin(), block.blockLength());
            assembly.senders[block.begin() / PiecePicker.BLOCK_LENGTH] = from.address();
            rate.add(block.blockLength());
            if (picker.full(piece)) {
                full = assembly;
            }
        }
        for (DownloadSource other : cancelAt) {
            other.cancel(piece, block.begin(), block.blockLength());
        }
        if (full != null) {
            verifyLater(piece, full);
        }
    }

    /** The piece's assembly, started (and its bytes counted against the budget) by its first block. */
    private Assembly assembly(int piece) {
        Assembly assembly = assembling.get(piece);
        return assembly != null
                ? assembly
                : assembling(piece, new Assembly(picker.pieceLength(piece), picker.blocksIn(piece)));
    }

    private Assembly assembling(int piece, Assembly assembly) {
        assembling.put(piece, assembly);
        budget.reserve(assembly.bytes.length);
        return assembly;
    }

    // ---- web seeds

    /** A web seed joins: it has every piece. */
    synchronized void webSeedJoined(WebSeed seed) {
        webSeeds.add(seed);
        picker.peerJoined();
        picker.gotHaveAll();
    }

    /** A web seed was dropped; its pieces count no more. */
    synchronized void webSeedLeft(WebSeed seed) {
        picker.peerLeft(true, new BitSet());
    }

    /**
     * Claims a whole piece for {@code seed} ({@link PiecePicker#claimPiece}); -1 when there is none, the download
     * stopped, or the unverified bytes are at their bound.
     */
    synchronized int claim(WebSeed seed, IntPredicate has) {
        if (stopped || budget.overLimit()) {
            return -1;
        }
        return picker.claimPiece(seed, has, new ArrayList<>());
    }

    /** The length of a piece. */
    int pieceLength(int piece) {
        return hashes.pieceSize(piece);
    }

    /** Where a piece starts in the torrent's piece space. */
    long pieceStart(int piece) {
        return hashes.pieceStart(piece);
    }

    /**
     * A web seed fetched the whole piece it claimed. Its blocks that did not arrive from a peer meanwhile are
     * taken; the peers they were also asked of are told to cancel them; the piece goes to be verified.
     */
    void webPiece(WebSeed from, int piece, byte[] bytes) {
        List<DownloadSource> cancelAt = new ArrayList<>(0);
        List<PeerMessage.Cancel> cancels = new ArrayList<>(0);
        Assembly full = null;
        synchronized (this) {
            if (stopped) {
                return;
            }
            Assembly assembly = null;
            boolean adopted = false;
            for (int begin = 0; begin < bytes.length; begin += PiecePicker.BLOCK_LENGTH) {
                int length = Math.min(PiecePicker.BLOCK_LENGTH, bytes.length - begin);
                int before = cancelAt.size();
                if (picker.received(from, piece, begin, cancelAt) != PiecePicker.Arrival.NEW) {
                    redundantBytes.add(length);
                    continue;
                }
                for (int i = before; i < cancelAt.size(); i++) {
                    cancels.add(new PeerMessage.Cancel(piece, begin, length));
                }
                if (assembly == null) {
                    assembly = assembling.get(piece);
                    if (assembly == null) { // no peer sent a block of it: the fetched buffer becomes the piece
                        assembly = assembling(piece, new Assembly(bytes, picker.blocksIn(piece)));
                        adopted = true;
                    }
                }
                if (!adopted) {
                    System.arraycopy(bytes, begin, assembly.bytes, begin, length);
                }
                assembly.webSeed = from;
                assembly.webBytes += length;
                rate.add(length);
            }
            if (assembly != null && picker.full(piece)) {
                full = assembly;
            }
        }
        for (int i = 0; i < cancelAt.size(); i++) {
            PeerMessage.Cancel c = cancels.get(i);
            cancelAt.get(i).cancel(c.pieceIndex(), c.begin(), c.length());
        }
        if (full != null) {
            verifyLater(piece, full);
        }
    }

    /** A web seed could not fetch the piece it claimed: its blocks are open again. */
    void webPieceAbandoned(WebSeed from, int piece) {
        synchronized (this) {
            int length = picker.pieceLength(piece);
            for (int begin = 0; begin < length; begin += PiecePicker.BLOCK_LENGTH) {
                picker.abandoned(from, piece, begin);
            }
        }
        blocksOpened();
    }

    /** Blocks are open again: the peers and the web seeds are asked to take them. */
    private void blocksOpened() {
        peers.forEach(DownloadRole::refill);
        webSeeds.forEach(WebSeed::wake);
    }

    /** The web seeds and what each has done, in the order of the metainfo. */
    public List<WebSeedStatus> webSeeds() {
        List<WebSeedStatus> status = new ArrayList<>(webSeeds.size());
        webSeeds.forEach(w -> status.add(w.status()));
        return status;
    }

    private int expectedLength(int piece, int begin) {
        return Math.min(PiecePicker.BLOCK_LENGTH, picker.pieceLength(piece) - begin);
    }

    private void verifyLater(int piece, Assembly assembly) {
        try {
            disk.execute(() -> verify(piece, assembly));
        } catch (RejectedExecutionException shuttingDown) {
            release(piece, assembly);
        }
    }

    /** On a worker: hashes the piece from memory; a good one is written, then marked verified. */
    private void verify(int piece, Assembly assembly) {
        PieceDigest digest = hashes.digest(piece);
        digest.update(assembly.bytes, 0, hashes.dataLength(piece));
        if (!hashes.matches(piece, digest)) {
            pieceFailed(piece, assembly);
            return;
        }
        try {
            data.write(piece, 0, ByteBuffer.wrap(assembly.bytes));
        } catch (IOException | RuntimeException e) {
            release(piece, assembly);
            stop("cannot write piece " + piece + ": " + describe(e));
            return;
        }
        data.markVerified(piece);
        List<InetAddress> banned;
        boolean finished;
        synchronized (this) {
            if (stopped) {
                release(piece, assembly);
                return;
            }
            picker.verified(piece);
            banned = ban.piecePassed(piece, blocks(piece, assembly));
            downloaded.add(assembly.bytes.length);
            finished = picker.finished();
        }
        release(piece, assembly);
        if (assembly.webSeed != null) {
            assembly.webSeed.pieceVerified(assembly.webBytes);
        }
        disconnectBanned(banned);
        events.pieceVerified(piece);
        if (finished) {
            events.completed();
        }
    }

    private void pieceFailed(int piece, Assembly assembly) {
        List<InetAddress> banned;
        synchronized (this) {
            if (assembly.webSeed != null) {
                assembly.webSeed.distrust(piece); // before the piece is open again to its claims
            }
            picker.failed(piece);
            banned = ban.pieceFailed(piece, blocks(piece, assembly));
            failedBytes.add(assembly.bytes.length);
        }
        release(piece, assembly);
        if (assembly.webSeed != null) {
            assembly.webSeed.pieceFailed(piece);
        }
        disconnectBanned(banned);
        blocksOpened();
    }

    private List<SmartBan.Block<InetAddress>> blocks(int piece, Assembly assembly) {
        List<SmartBan.Block<InetAddress>> blocks = new ArrayList<>(assembly.senders.length);
        for (int b = 0; b < assembly.senders.length; b++) {
            int begin = b * PiecePicker.BLOCK_LENGTH;
            int length = Math.min(PiecePicker.BLOCK_LENGTH, assembly.bytes.length - begin);
            if (assembly.senders[b] != null) {
                blocks.add(
                        new SmartBan.Block<>(b, assembly.senders[b], ByteBuffer.wrap(assembly.bytes, begin, length)));
            }
        }
        return blocks;
    }

    private void release(int piece, Assembly assembly) {
        synchronized (this) {
            if (assembling.get(piece) == assembly) {
                assembling.remove(piece);
            }
        }
        budget.release(assembly.bytes.length);
    }

    private void disconnectBanned(List<InetAddress> banned) {
        if (banned.isEmpty()) {
            return;
        }
        for (DownloadRole peer : peers) {
            if (peer.address() != null && banned.contains(peer.address())) {
                peer.banned();
            }
        }
    }

    // ---- the torrent

    /** A verified piece is gone (its file changed on disk): it is downloaded again. */
    public void lost(int piece) {
        synchronized (this) {
            if (!picker.has(piece)) {
                return;
            }
            picker.lost(piece);
        }
        webSeeds.forEach(WebSeed::wake);
    }

    /** Stops requesting (the torrent is paused, removed, or failed); blocks in flight are dropped. */
    public void stop(String reason) {
        boolean first;
        synchronized (this) {
            first = !stopped;
            stopped = true;
            if (reason != null && error == null) {
                error = reason;
            }
        }
        if (first) {
            webSeeds.forEach(WebSeed::stop);
        }
        if (first && reason != null) {
            events.failed(reason);
        }
    }

    /** Why the download stopped on an error, or null. */
    public String error() {
        return error;
    }

    public synchronized boolean finished() {
        return picker.finished();
    }

    public synchronized int verifiedCount() {
        return picker.verifiedCount();
    }

    /** Bytes of pieces downloaded and verified (not counting those on disk before). */
    public long downloaded() {
        return downloaded.sum();
    }

    /** Bytes received that were of no use: pieces that failed their hash, and blocks received twice or unasked. */
    public long wastedBytes() {
        return failedBytes.sum() + redundantBytes.sum();
    }

    /** Payload bytes received per second, over the last seconds. */
    public long downloadRate() {
        return rate.perSecond();
    }

    /** Whether peers at this address are banned for sending bad data. */
    public synchronized boolean banned(InetAddress address) {
        return ban.banned(address);
    }

    DownloadBudget budget() {
        return budget;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
