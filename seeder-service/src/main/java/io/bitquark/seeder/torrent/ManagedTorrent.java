package io.bitquark.seeder.torrent;

import io.bitquark.protocol.metainfo.InfoHash;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.seeder.download.TorrentDownload;
import io.bitquark.seeder.peer.PieceUnavailableException;
import io.bitquark.seeder.peer.ServedTorrent;
import io.bitquark.seeder.rate.TorrentRateLimits;
import io.bitquark.seeder.rate.TransferRate;
import io.bitquark.seeder.storage.TorrentStorage;
import io.bitquark.seeder.storage.UnverifiedPieceException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One torrent of the {@link TorrentSession}: its metainfo, its storage (which pieces verified, and their bytes), where
 * it stands and what it has sent. The peer wire sees it as a {@link ServedTorrent}; {@link SeederLifecycle} drives its
 * life (check, announce, pause, removal).
 */
public final class ManagedTorrent implements ServedTorrent {

    private final Metainfo metainfo;
    private final byte[] torrentBytes;
    private final String id;
    private final byte[] handshakeHash;
    private final Path dataPath;
    private final TorrentStorage storage;
    private final Executor readers;
    private final LongAdder uploaded = new LongAdder();
    private final TransferRate uploadRate = new TransferRate();
    private final TorrentRateLimits rateLimits;
    private final PieceLayerTrees pieceLayerTrees;

    private final AtomicReference<Status> status = new AtomicReference<>(Status.checking(0));
    private volatile TorrentRecord record;
    private volatile TorrentDownload download;
    private volatile long sequence;

    ManagedTorrent(
            Metainfo metainfo,
            byte[] torrentBytes,
            Path dataPath,
            TorrentRecord record,
            TorrentStorage storage,
            Executor readers,
            TorrentRateLimits rateLimits) {
        this.metainfo = metainfo;
        this.torrentBytes = torrentBytes;
        this.id = metainfo.primaryInfoHash().hex();
        this.handshakeHash = metainfo.infoHashV1()
                .map(InfoHash::bytes)
                .orElseGet(() -> metainfo.infoHashV2().orElseThrow().truncated());
        this.dataPath = dataPath;
        this.record = record;
        this.storage = storage;
        this.readers = readers;
        this.rateLimits = rateLimits;
        this.pieceLayerTrees = new PieceLayerTrees(metainfo);
    }

    public Metainfo metainfo() {
        return metainfo;
    }

    /** The .torrent as it was added. */
    public byte[] torrentBytes() {
        return torrentBytes;
    }

    public TorrentStorage storage() {
        return storage;
    }

    public Optional<InfoHash> infoHashV1() {
        return metainfo.infoHashV1();
    }

    public Optional<InfoHash> infoHashV2() {
        return metainfo.infoHashV2();
    }

    public String name() {
        return metainfo.name();
    }

    /** The content (the seed's {@code --saveas}), absolute. */
    public Path dataPath() {
        return dataPath;
    }

    /** Its place in the order torrents were added in (restored ones first, oldest first). */
    long sequence() {
        return sequence;
    }

    void sequence(long sequence) {
        this.sequence = sequence;
    }

    public TorrentRecord record() {
        return record;
    }

    void record(TorrentRecord record) {
        this.record = record;
    }

    /**
     * Where a torrent stands, taken as one: its state, why, and how far its check has gone. {@code percent}
     * is 100 exactly when a check has finished (seeding or partial, and kept when paused); while checking it
     * stays below 100 even when every byte is hashed, until the result is accepted.
     */
    public record Status(TorrentState state, String reason, double percent) {

        /** The highest percent shown while a check is still running. */
        static final double CHECKING_MAX = 99.9;

        static Status checking(double percent) {
            return new Status(TorrentState.CHECKING, null, Math.min(Math.max(percent, 0), CHECKING_MAX));
        }
    }

    /** The torrent's state, reason and check progress at one moment. */
    public Status status() {
        return status.get();
    }

    public TorrentState state() {
        return status.get().state();
    }

    public String reason() {
        return status.get().reason();
    }

    /** How far the hash check has gone, 0 to 100; see {@link Status}. */
    public double percent() {
        return status.get().percent();
    }

    /** Starts (or restarts) a check: {@code checking} at 0%. */
    void checking() {
        status.set(Status.checking(0));
    }

    /** Moves the running check's progress on; ignored once the torrent is no longer checking. */
    void checkProgress(double percent) {
        status.updateAndGet(s -> s.state() == TorrentState.CHECKING ? Status.checking(percent) : s);
    }

    /**
     * Ends the running check in {@code state} ({@code seeding}, {@code partial} or {@code downloading}) at 100%.
     *
     * @return false, changing nothing, when the torrent was paused, removed or failed meanwhile
     */
    boolean checked(TorrentState state, String reason) {
        Status before =
                status.getAndUpdate(s -> s.state() == TorrentState.CHECKING ? new Status(state, reason, 100) : s);
        return before.state() == TorrentState.CHECKING;
    }

    /** Sets the state and reason; the check's percent is kept (pause, error, a withdrawn piece). */
    void state(TorrentState state, String reason) {
        status.updateAndGet(s -> new Status(state, reason, s.percent()));
    }

    @Override
    public boolean complete() {
        return storage.verifiedCount() == pieceCount();
    }

    public int piecesHave() {
        return storage.verifiedCount();
    }

    /** Bytes of the content not verified: the {@code left} announced to trackers. */
    public long bytesLeft() {
        long have = 0;
        BitSet verified = storage.verifiedPieces();
        for (int p = verified.nextSetBit(0); p >= 0; p = verified.nextSetBit(p + 1)) {
            have += storage.pieceLength(p);
        }
        return Math.max(0, storage.totalLength() - have);
    }

    public long uploaded() {
        return uploaded.sum();
    }

    public long uploadRate() {
        return uploadRate.perSecond();
    }

    public long totalSize() {
        return metainfo.totalSize();
    }

    // ---- ServedTorrent ----

    @Override
    public byte[] handshakeHash() {
        return handshakeHash.clone();
    }

    @Override
    public byte[] v2HandshakeHash() {
        return metainfo.infoHashV2().map(InfoHash::truncated).orElse(null);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int pieceCount() {
        return storage.pieceCount();
    }

    @Override
    public long pieceLength(int index) {
        return storage.pieceLength(index);
    }

    @Override
    public boolean hasPiece(int index) {
        return storage.hasPiece(index);
    }

    @Override
    public BitSet pieces() {
        return storage.verifiedPieces();
    }

    @Override
    public byte[] infoBytes() {
        return metainfo.infoBytes();
    }

    @Override
    public boolean accepting() {
        TorrentState s = state();
        return s == TorrentState.SEEDING || s == TorrentState.PARTIAL || s == TorrentState.DOWNLOADING;
    }

    @Override
    public TorrentRateLimits rateLimits() {
        return rateLimits;
    }

    @Override
    public TorrentDownload download() {
        return download;
    }

    void download(TorrentDownload download) {
        this.download = download;
    }

    /**
     * Reads into a pooled off-heap buffer: the file channel fills it directly and the socket sends it without a
     * copy; the peer wire releases it once written.
     */
    @Override
    public CompletionStage<ByteBuf> readBlock(int index, int begin, int length) {
        if (!storage.hasPiece(index)) {
            return CompletableFuture.failedFuture(new PieceUnavailableException("piece " + index + " is not verified"));
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    ByteBuf block = PooledByteBufAllocator.DEFAULT.directBuffer(length, length);
                    boolean filled = false;
                    try {
                        storage.read(index, begin, block.nioBuffer(0, length));
                        block.writerIndex(length);
                        filled = true;
                        return block;
                    } catch (UnverifiedPieceException e) {
                        throw new PieceUnavailableException(
                                e.withdrawn()
                                        ? "piece " + index + " changed on disk and was withdrawn"
                                        : "piece " + index + " is not verified");
                    } catch (IOException | RuntimeException e) {
                        throw new PieceUnavailableException("piece " + index + " cannot be read: " + e.getMessage());
                    } finally {
                        if (!filled) {
                            block.release();
                        }
                    }
                },
                readers);
    }

    /** Answered from the piece layers of the metainfo, on a reader thread: building a file's tree hashes its layer. */
    @Override
    public CompletionStage<Optional<byte[]>> hashes(PeerMessage.HashRequest request) {
        return CompletableFuture.supplyAsync(() -> pieceLayerTrees.answer(request), readers);
    }

    @Override
    public void uploaded(long bytes) {
        uploaded.add(bytes);
        uploadRate.add(bytes);
    }
}
