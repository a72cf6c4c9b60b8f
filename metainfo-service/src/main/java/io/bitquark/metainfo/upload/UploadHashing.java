package io.bitquark.metainfo.upload;

import io.bitquark.metainfo.create.HashingThreads;
import io.bitquark.protocol.hash.PieceStream;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How uploads are hashed while they arrive: v1 pieces on the shared {@link HashingThreads}, through a few
 * buffers per upload. An upload queues at most those buffers, and hashing a buffer never blocks, so uploads
 * only share CPU, never wait for a thread held by another.
 */
@ApplicationScoped
public class UploadHashing {

    /** The buffers of one upload: one being filled and written, the others hashed or waiting for it. */
    public static final int BUFFERS = 8;
    /** The size of each buffer; 8 × 256 KiB = 2 MiB per upload. */
    public static final int BUFFER_SIZE = 256 * 1024;

    private final HashingThreads threads;

    public UploadHashing(HashingThreads threads) {
        this.threads = threads;
    }

    /** Hashes v1 pieces of {@code pieceLength} beside the uploading thread. */
    public PieceStream start(int pieceLength) {
        return threads.hashing().streamV1(pieceLength, BUFFERS, BUFFER_SIZE);
    }
}
