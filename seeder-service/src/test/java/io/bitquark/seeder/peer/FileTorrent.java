package io.bitquark.seeder.peer;

import io.bitquark.protocol.hash.PieceHashing;
import io.bitquark.protocol.hash.Segment;
import io.bitquark.protocol.metainfo.InfoHash;
import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.seeder.rate.TorrentRateLimits;
import io.bitquark.seeder.storage.TestTorrents;
import io.bitquark.seeder.torrent.PieceLayerTrees;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A single-file torrent (v1, or v2 and hybrid with their piece layers) over real bytes in a temporary file, served
 * the way the storage layer will: blocks read with positional {@link FileChannel} reads on a small shared thread
 * pool, never on the event loop, and BEP 52 hash requests answered on the same pool.
 */
final class FileTorrent implements ServedTorrent, AutoCloseable {

    private static final ExecutorService READERS = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "test-block-reader");
        t.setDaemon(true);
        return t;
    });

    private final Path file;
    private final Metainfo metainfo;
    private final FileChannel channel;
    private final BitSet have;
    private final AtomicLong uploaded = new AtomicLong();
    private final TorrentRateLimits rateLimits = TorrentRateLimits.unlimited();
    private final PieceLayerTrees pieceLayerTrees;
    private volatile boolean accepting = true;

    private FileTorrent(Path file, Metainfo metainfo) throws IOException {
        this.file = file;
        this.metainfo = metainfo;
        this.pieceLayerTrees = new PieceLayerTrees(metainfo);
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.have = new BitSet(metainfo.pieceCount());
        have.set(0, metainfo.pieceCount());
    }

    /** A file of {@code length} seeded random bytes in {@code dir}, hashed into a v1 torrent. */
    static FileTorrent create(Path dir, String name, long length, int pieceLength, long seed) throws Exception {
        Path file = dir.resolve(name);
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < length; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, length - written)));
            }
        }
        return of(file, pieceLength);
    }

    /** {@link #create}, hashed into a v2-only or hybrid torrent with its piece layer. */
    static FileTorrent createV2(MetaVersion version, Path dir, String name, long length, int pieceLength, long seed)
            throws Exception {
        try (FileTorrent v1 = create(dir, name, length, pieceLength, seed)) {
            return new FileTorrent(v1.file, TestTorrents.v2Single(version, v1.file, pieceLength));
        }
    }

    /** The existing {@code file}, hashed into a single-file v1 torrent named after it. */
    static FileTorrent of(Path file, int pieceLength) throws Exception {
        long length = Files.size(file);
        byte[] pieces = PieceHashing.onCallingThread().hashV1(List.of(Segment.file(file, length)), pieceLength);
        String name = file.getFileName().toString();
        Metainfo metainfo = MetainfoBuilder.v1(name, pieceLength)
                .singleFile(length)
                .pieces(pieces)
                .build();
        return new FileTorrent(file, metainfo);
    }

    Path file() {
        return file;
    }

    Metainfo metainfo() {
        return metainfo;
    }

    long length() {
        return metainfo.totalSize();
    }

    long uploadedBytes() {
        return uploaded.get();
    }

    void setAccepting(boolean accepting) {
        this.accepting = accepting;
    }

    /** Makes this a partial seed: only the pieces in {@code pieces} are had. */
    void keepOnly(BitSet pieces) {
        synchronized (have) {
            have.clear();
            have.or(pieces);
        }
    }

    /** The bytes of one block straight from the file, to compare with what a peer received. */
    byte[] bytes(int index, int begin, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.read(buffer, (long) index * metainfo.pieceLength() + begin);
        return buffer.array();
    }

    String sha256() throws IOException {
        return sha256(file);
    }

    static String sha256(Path path) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
                while (in.read(buffer) > 0) {
                    buffer.flip();
                    digest.update(buffer);
                    buffer.clear();
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] handshakeHash() {
        return metainfo.infoHashV1()
                .map(InfoHash::bytes)
                .orElseGet(() -> metainfo.infoHashV2().orElseThrow().truncated());
    }

    @Override
    public byte[] v2HandshakeHash() {
        return metainfo.infoHashV2().map(InfoHash::truncated).orElse(null);
    }

    @Override
    public CompletionStage<Optional<byte[]>> hashes(PeerMessage.HashRequest request) {
        return CompletableFuture.supplyAsync(() -> pieceLayerTrees.answer(request), READERS);
    }

    @Override
    public String id() {
        return metainfo.primaryInfoHash().hex();
    }

    @Override
    public int pieceCount() {
        return metainfo.pieceCount();
    }

    @Override
    public long pieceLength(int index) {
        long start = (long) index * metainfo.pieceLength();
        return Math.min(metainfo.pieceLength(), metainfo.totalSize() - start);
    }

    @Override
    public boolean hasPiece(int index) {
        synchronized (have) {
            return have.get(index);
        }
    }

    @Override
    public BitSet pieces() {
        synchronized (have) {
            return (BitSet) have.clone();
        }
    }

    @Override
    public byte[] infoBytes() {
        return metainfo.infoBytes();
    }

    @Override
    public TorrentRateLimits rateLimits() {
        return rateLimits;
    }

    @Override
    public boolean accepting() {
        return accepting;
    }

    @Override
    public CompletionStage<ByteBuf> readBlock(int index, int begin, int length) {
        return CompletableFuture.supplyAsync(
                () -> {
                    if (!hasPiece(index)) {
                        throw new PieceUnavailableException("piece " + index + " is not had");
                    }
                    ByteBuffer buffer = ByteBuffer.allocate(length);
                    long position = (long) index * metainfo.pieceLength() + begin;
                    try {
                        while (buffer.hasRemaining()) {
                            if (channel.read(buffer, position + buffer.position()) < 0) {
                                throw new IOException("end of file at " + (position + buffer.position()));
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return Unpooled.wrappedBuffer(buffer.array());
                },
                READERS);
    }

    @Override
    public void uploaded(long bytes) {
        uploaded.addAndGet(bytes);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
