package io.bitquark.bench;

import io.bitquark.protocol.hash.HybridHashes;
import io.bitquark.protocol.hash.MerkleTree;
import io.bitquark.protocol.hash.PieceHashing;
import io.bitquark.protocol.hash.Segment;
import io.bitquark.protocol.hash.V2FileHashes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Piece hashing ({@link PieceHashing}: on the calling thread, and on a pool of two threads) over one page-cached file of {@code sizeMiB} MiB with 1 MiB pieces, against the raw
 * single-core {@link MessageDigest} speed over the same data held in 1 MiB heap buffers: SHA-1 per piece
 * (the v1 anchor) and SHA-256 per 16 KiB block (the v2 anchor). Every benchmark hashes the whole content
 * once per operation, so throughput is {@code sizeMiB / time}.
 *
 * <p>{@code dataFile} names an existing file to hash (the bench script passes the one it also gives
 * mktorrent); when empty, setup writes a seeded random temporary file and deletes it afterwards.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PieceHashingBenchmark {

    static final int PIECE_LENGTH = 1 << 20;

    @Param("512")
    int sizeMiB;

    @Param("")
    String dataFile;

    private Path file;
    private boolean temporary;
    private byte[][] pieces;
    private List<Segment> layout;
    private List<Segment.FileSegment> files;
    private MessageDigest sha1;
    private MessageDigest sha256;
    private byte[] anchorOut;
    private final PieceHashing oneThread = PieceHashing.onCallingThread();
    private ExecutorService pool;
    private PieceHashing twoThreads;

    @Setup
    public void prepare() throws IOException, NoSuchAlgorithmException {
        if (dataFile.isEmpty()) {
            file = Files.createTempFile("bitquark-bench", ".bin");
            temporary = true;
            Random random = new Random(7);
            byte[] chunk = new byte[PIECE_LENGTH];
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int i = 0; i < sizeMiB; i++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
        } else {
            file = Path.of(dataFile);
        }
        long size = Files.size(file);
        int count = (int) ((size + PIECE_LENGTH - 1) / PIECE_LENGTH);
        pieces = new byte[count][];
        try (var in = Files.newInputStream(file)) {
            for (int i = 0; i < count; i++) {
                pieces[i] = in.readNBytes((int) Math.min(PIECE_LENGTH, size - (long) i * PIECE_LENGTH));
            }
        }
        files = List.of(Segment.file(file, size));
        layout = List.copyOf(files);
        sha1 = MessageDigest.getInstance("SHA-1");
        sha256 = MessageDigest.getInstance("SHA-256");
        anchorOut = new byte[count * 32];
        pool = Executors.newFixedThreadPool(2);
        twoThreads = PieceHashing.on(pool, 2);
    }

    @TearDown
    public void cleanUp() throws IOException {
        pool.shutdown();
        if (temporary) {
            Files.deleteIfExists(file);
        }
    }

    @Benchmark
    public byte[] sha1SingleCore() throws DigestException {
        for (int i = 0; i < pieces.length; i++) {
            sha1.update(pieces[i]);
            sha1.digest(anchorOut, i * 20, 20);
        }
        return anchorOut;
    }

    /**
     * The machine's two-core ceiling for the same work: two threads each running the SHA-1 anchor over the
     * whole content (one operation = both done), so MB/s is twice the content per operation time.
     */
    @Benchmark
    @Threads(2)
    public byte[] sha1TwoCoresRaw(PerThreadDigest digest) throws DigestException {
        for (int i = 0; i < pieces.length; i++) {
            digest.sha1.update(pieces[i]);
            digest.sha1.digest(digest.out, 0, 20);
        }
        return digest.out;
    }

    /** A digest per benchmark thread. */
    @State(Scope.Thread)
    public static class PerThreadDigest {
        final MessageDigest sha1;
        final byte[] out = new byte[20];

        public PerThreadDigest() {
            try {
                sha1 = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Benchmark
    public byte[] sha256BlocksSingleCore() throws DigestException {
        for (byte[] piece : pieces) {
            for (int from = 0; from < piece.length; from += MerkleTree.BLOCK_SIZE) {
                sha256.update(piece, from, Math.min(MerkleTree.BLOCK_SIZE, piece.length - from));
                sha256.digest(anchorOut, 0, 32);
            }
        }
        return anchorOut;
    }

    /** The reading side alone: positional reads of every piece into one reused heap buffer. */
    @Benchmark
    public byte[] readOnlyHeap() throws IOException {
        return readAll(ByteBuffer.allocate(PIECE_LENGTH));
    }

    /** The reading side alone, into a reused direct buffer. */
    @Benchmark
    public byte[] readOnlyDirect() throws IOException {
        readAll(ByteBuffer.allocateDirect(PIECE_LENGTH));
        return anchorOut;
    }

    /**
     * The reading side alone as each {@link PieceHashing} task does it: 128 KiB positional reads into one
     * reused direct buffer. Its cost comes on top of the digest's on the same thread, so one thread can
     * reach at most {@code 1 / (1 / sha1 + 1 / read)} of this throughput and the SHA-1 anchor's.
     */
    @Benchmark
    public byte[] readOnlyDirectChunked() throws IOException {
        readAll(ByteBuffer.allocateDirect(128 * 1024));
        return anchorOut;
    }

    private byte[] readAll(ByteBuffer buffer) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = 0;
            int n;
            do {
                buffer.clear();
                n = channel.read(buffer, position);
                position += Math.max(n, 0);
            } while (n > 0);
        }
        return buffer.hasArray() ? buffer.array() : anchorOut;
    }

    @Benchmark
    public byte[] v1OneThread() throws IOException {
        return oneThread.hashV1(layout, PIECE_LENGTH);
    }

    @Benchmark
    public byte[] v1TwoThreads() throws IOException {
        return twoThreads.hashV1(layout, PIECE_LENGTH);
    }

    @Benchmark
    public List<V2FileHashes> v2OneThread() throws IOException {
        return oneThread.hashV2(files, PIECE_LENGTH);
    }

    @Benchmark
    public List<V2FileHashes> v2TwoThreads() throws IOException {
        return twoThreads.hashV2(files, PIECE_LENGTH);
    }

    @Benchmark
    public HybridHashes hybridTwoThreads() throws IOException {
        return twoThreads.hashHybrid(files, PIECE_LENGTH);
    }
}
