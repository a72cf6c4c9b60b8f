package io.bitquark.protocol.hash;

import static io.bitquark.protocol.hash.HashBytes.random;
import static io.bitquark.protocol.hash.HashBytes.sequentialV1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** v1 pieces of content handed over buffer by buffer, as an upload streams past. */
class PieceStreamTest {

    @RegisterExtension
    final Pools pools = new Pools();

    private final PieceHashing hashing = pools.hashing(2);

    /** Hands {@code content} to {@code stream} as an upload does: fill a buffer, hand it over. */
    private static byte[] upload(PieceStream stream, byte[] content, Random random) throws Exception {
        for (int at = 0; at < content.length; ) {
            byte[] buffer = stream.buffer();
            int n = Math.min(content.length - at, 1 + random.nextInt(buffer.length));
            System.arraycopy(content, at, buffer, 0, n);
            stream.hash(buffer, n);
            at += n;
        }
        return stream.finish();
    }

    @Test
    void givesThePiecesHashV1ReadsFromDiskWhateverTheFilesAndTheBufferFill(@TempDir Path dir) throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 30; round++) {
            int pieceLength = 16384 << random.nextInt(3);
            List<Segment> files = new ArrayList<>();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int f = 0, count = 1 + random.nextInt(4); f < count; f++) {
                byte[] content = random(random, random.nextInt(3) == 0 ? 0 : random.nextInt(3 * pieceLength));
                files.add(Segment.file(Files.write(dir.resolve("r" + round + "-" + f), content), content.length));
                all.writeBytes(content);
            }
            PieceStream stream =
                    hashing.streamV1(pieceLength, 2 + random.nextInt(4), 1 + random.nextInt(3 * pieceLength));

            byte[] pieces = upload(stream, all.toByteArray(), random);

            assertThat(stream.bytes()).isEqualTo(all.size());
            assertThat(pieces).as("round %d", round).isEqualTo(hashing.hashV1(files, pieceLength));
            assertThat(stream.finish()).as("finishing again").isEqualTo(pieces);
        }
    }

    @Test
    void hashesOnTheHandingThreadOnceTheExecutorRefusesWork() throws Exception {
        PieceHashing shutDown = PieceHashing.on(
                task -> {
                    throw new RejectedExecutionException("shut down");
                },
                1);
        Random random = new Random(12);
        byte[] content = random(random, 200_000);

        byte[] pieces = upload(shutDown.streamV1(32768, 2, 50_000), content, random);

        assertThat(pieces).isEqualTo(sequentialV1(content, 32768));
    }

    @Test
    void aBufferGivenBackUnusedIsNotHashed() throws Exception {
        PieceStream stream = hashing.streamV1(16384, 2, 1000);
        byte[] first = stream.buffer();
        first[0] = 1;
        stream.hash(first, 1);
        byte[] unused = stream.buffer();
        unused[0] = 2;
        stream.giveBack(unused);

        assertThat(stream.finish()).isEqualTo(sequentialV1(new byte[] {1}, 16384));
        assertThat(stream.bytes()).isEqualTo(1);
        assertThrows(IllegalStateException.class, () -> stream.hash(stream.buffer(), 1));
    }
}
