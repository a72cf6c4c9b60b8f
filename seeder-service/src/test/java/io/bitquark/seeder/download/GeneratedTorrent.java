package io.bitquark.seeder.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A single-file v1 torrent whose content is computed, never stored: each 16 KiB block of the file starts with 64
 * bytes drawn from a generator seeded by the torrent's seed and the block's index, and is zero after them. So a
 * raw seed can serve a torrent of hundreds of MiB from no memory, and a download can be compared with it byte for
 * byte. The piece length is a multiple of 16 KiB, so every block a downloader asks for is one of these blocks.
 */
final class GeneratedTorrent {

    static final int BLOCK = PiecePicker.BLOCK_LENGTH;
    private static final int NOISE = 64;

    private final long seed;
    private final long length;
    private final int pieceLength;
    private final Metainfo metainfo;

    private GeneratedTorrent(String name, long length, int pieceLength, long seed) {
        if (pieceLength % BLOCK != 0) {
            throw new IllegalArgumentException("piece length must be a multiple of 16 KiB");
        }
        this.seed = seed;
        this.length = length;
        this.pieceLength = pieceLength;
        try {
            this.metainfo = MetainfoBuilder.v1(name, pieceLength)
                    .singleFile(length)
                    .pieces(pieceHashes())
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A torrent named {@code name} of {@code length} bytes in pieces of {@code pieceLength}. */
    static GeneratedTorrent of(String name, long length, int pieceLength, long seed) {
        return new GeneratedTorrent(name, length, pieceLength, seed);
    }

    Metainfo metainfo() {
        return metainfo;
    }

    /** The .torrent file. */
    byte[] encoded() {
        return metainfo.encode();
    }

    /** The 20-byte info-hash a handshake carries. */
    byte[] infoHash() {
        return metainfo.infoHashV1().orElseThrow().bytes();
    }

    long length() {
        return length;
    }

    int pieceLength() {
        return pieceLength;
    }

    int pieceCount() {
        return metainfo.pieceCount();
    }

    /** The length of piece {@code piece}: the piece length, the last one shorter. */
    int pieceLength(int piece) {
        return (int) Math.min(pieceLength, length - (long) piece * pieceLength);
    }

    /** How many 16 KiB blocks there are in the torrent (the last one may be shorter). */
    int blockCount() {
        return (int) ((length + BLOCK - 1) / BLOCK);
    }

    /** The bytes of the block at {@code begin} of {@code piece}: {@code length} of them. */
    byte[] block(int piece, int begin, int length) {
        long offset = (long) piece * pieceLength + begin;
        if (begin % BLOCK != 0 || length <= 0 || length > BLOCK || offset + length > this.length) {
            throw new IllegalArgumentException("no such block: " + piece + "/" + begin + "/" + length);
        }
        return Arrays.copyOf(block(offset / BLOCK), length);
    }

    /** The whole 16 KiB block number {@code index} of the file (past the end of the file, its bytes are not used). */
    private byte[] block(long index) {
        byte[] bytes = new byte[BLOCK];
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        for (int i = 0; i < NOISE; i += 8) {
            long word = random.nextLong();
            for (int j = 0; j < 8; j++) {
                bytes[i + j] = (byte) (word >>> (8 * j));
            }
        }
        return bytes;
    }

    private byte[] pieceHashes() {
        int pieces = (int) ((length + pieceLength - 1) / pieceLength);
        byte[] hashes = new byte[pieces * 20];
        MessageDigest sha1 = sha1();
        for (int p = 0; p < pieces; p++) {
            long start = (long) p * pieceLength;
            long end = Math.min(length, start + pieceLength);
            for (long at = start; at < end; at += BLOCK) {
                sha1.update(block(at / BLOCK), 0, (int) Math.min(BLOCK, end - at));
            }
            System.arraycopy(sha1.digest(), 0, hashes, p * 20, 20);
        }
        return hashes;
    }

    /** Writes the torrent's content to {@code file}, as a seed that has it on disk holds it. */
    void writeTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            for (long index = 0; index < blockCount(); index++) {
                out.write(block(index), 0, (int) Math.min(BLOCK, length - index * BLOCK));
            }
        }
    }

    /** Asserts that {@code file} holds exactly this torrent's content. */
    void assertIsContentOf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            assertThat(Files.size(file)).as("size of %s", file).isEqualTo(length);
            for (long index = 0; index < blockCount(); index++) {
                int n = (int) Math.min(BLOCK, length - index * BLOCK);
                byte[] actual = in.readNBytes(n);
                if (!Arrays.equals(actual, Arrays.copyOf(block(index), n))) {
                    throw new AssertionError("block " + index + " of " + file + " differs from the torrent's content");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
