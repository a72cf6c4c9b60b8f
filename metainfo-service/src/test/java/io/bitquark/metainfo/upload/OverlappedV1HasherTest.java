package io.bitquark.metainfo.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class OverlappedV1HasherTest {

    /** Feeds {@code content} through {@code hasher} as an upload does: fill a buffer, hand it over. */
    static byte[] upload(OverlappedV1Hasher hasher, byte[] content, Random random) throws Exception {
        for (int at = 0; at < content.length; ) {
            byte[] buffer = hasher.buffer();
            int n = Math.min(content.length - at, 1 + random.nextInt(buffer.length));
            System.arraycopy(content, at, buffer, 0, n);
            hasher.hash(buffer, n);
            at += n;
        }
        return hasher.finish().finish();
    }

    static byte[] directly(byte[] content, int pieceLength) {
        StreamingV1Hasher direct = new StreamingV1Hasher(pieceLength);
        direct.update(content, 0, content.length);
        return direct.finish();
    }

    @Test
    void givesThePiecesOfHashingInLineWhateverTheBufferFill() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Random random = new Random(11);
            for (int round = 0; round < 30; round++) {
                int pieceLength = 16384 << random.nextInt(3);
                byte[] content = new byte[random.nextInt(5 * pieceLength)];
                random.nextBytes(content);
                OverlappedV1Hasher hasher = new OverlappedV1Hasher(
                        new StreamingV1Hasher(pieceLength),
                        pool,
                        2 + random.nextInt(4),
                        1 + random.nextInt(3 * pieceLength));
                assertThat(upload(hasher, content, random))
                        .as("round %d", round)
                        .isEqualTo(directly(content, pieceLength));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void hashesOnTheUploadingThreadOnceTheExecutorRefusesWork() throws Exception {
        Executor shutDown = task -> {
            throw new RejectedExecutionException("shut down");
        };
        Random random = new Random(12);
        byte[] content = new byte[200_000];
        random.nextBytes(content);
        OverlappedV1Hasher hasher = new OverlappedV1Hasher(new StreamingV1Hasher(32768), shutDown, 2, 50_000);
        assertThat(upload(hasher, content, random)).isEqualTo(directly(content, 32768));
    }

    @Test
    void aBufferGivenBackUnusedIsNotHashed() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            OverlappedV1Hasher hasher = new OverlappedV1Hasher(new StreamingV1Hasher(16384), pool, 2, 1000);
            byte[] first = hasher.buffer();
            first[0] = 1;
            hasher.hash(first, 1);
            byte[] unused = hasher.buffer();
            unused[0] = 2;
            hasher.giveBack(unused);
            StreamingV1Hasher done = hasher.finish();
            assertThat(done.bytes()).isEqualTo(1);
            assertThat(done.finish()).isEqualTo(directly(new byte[] {1}, 16384));
        } finally {
            pool.shutdown();
        }
    }
}
