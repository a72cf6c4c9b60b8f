package io.bitquark.metainfo.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.hash.PieceHasher;
import io.bitquark.protocol.hash.Segment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingV1HasherTest {

    @Test
    void givesThePiecesPieceHasherReadsFromDiskWhateverTheChunking(@TempDir Path dir) throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 40; round++) {
            int pieceLength = 16384 << random.nextInt(3);
            List<Segment> files = new ArrayList<>();
            StreamingV1Hasher streaming = new StreamingV1Hasher(pieceLength);
            int count = 1 + random.nextInt(4);
            for (int f = 0; f < count; f++) {
                byte[] content = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(3 * pieceLength)];
                random.nextBytes(content);
                Path file = Files.write(dir.resolve("r" + round + "-" + f), content);
                files.add(Segment.file(file, content.length));
                for (int at = 0; at < content.length; ) {
                    int n = Math.min(content.length - at, 1 + random.nextInt(40_000));
                    streaming.update(content, at, n);
                    at += n;
                }
            }
            long total = files.stream().mapToLong(Segment::length).sum();
            assertThat(streaming.bytes()).isEqualTo(total);
            assertThat(streaming.finish())
                    .as("round %d", round)
                    .isEqualTo(PieceHasher.create().hashV1(files, pieceLength));
        }
    }
}
