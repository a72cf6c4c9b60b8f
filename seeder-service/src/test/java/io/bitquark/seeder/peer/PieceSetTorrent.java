package io.bitquark.seeder.peer;

import io.netty.buffer.ByteBuf;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntToLongFunction;

/**
 * A torrent that is only its pieces: how many, how long, and which are verified (set by the test). It has no data:
 * for specifications of what decides by pieces alone (the request policy, the dialer).
 */
public final class PieceSetTorrent implements ServedTorrent {

    private static int next;

    private final String id = "pieces-" + next++;
    private final int pieceCount;
    private final IntToLongFunction pieceLength;
    private volatile BitSet have = new BitSet();

    /** {@code pieceCount} pieces of {@code pieceLength(index)} bytes, none verified. */
    public PieceSetTorrent(int pieceCount, IntToLongFunction pieceLength) {
        this.pieceCount = pieceCount;
        this.pieceLength = pieceLength;
    }

    /** Pieces {@code 0} to {@code count - 1} are the verified ones from now on. */
    public PieceSetTorrent having(int count) {
        BitSet pieces = new BitSet();
        pieces.set(0, count);
        have = pieces;
        return this;
    }

    @Override
    public byte[] handshakeHash() {
        return new byte[20];
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int pieceCount() {
        return pieceCount;
    }

    @Override
    public long pieceLength(int index) {
        return pieceLength.applyAsLong(index);
    }

    @Override
    public boolean hasPiece(int index) {
        return have.get(index);
    }

    @Override
    public BitSet pieces() {
        return (BitSet) have.clone();
    }

    @Override
    public byte[] infoBytes() {
        return new byte[0];
    }

    @Override
    public boolean accepting() {
        return true;
    }

    @Override
    public CompletionStage<ByteBuf> readBlock(int index, int begin, int length) {
        return CompletableFuture.failedFuture(new PieceUnavailableException("a torrent of pieces only has no data"));
    }

    @Override
    public void uploaded(long bytes) {}
}
