package io.bitquark.bench.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmsTest {

    @TempDir
    Path dir;

    private Path file(int swarms) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < swarms; i++) {
            lines.add(String.format("%040x", i + 1));
        }
        return Files.write(dir.resolve("whitelist"), lines);
    }

    @Test
    void readsOneInfoHashALine() throws IOException {
        Swarms swarms = Swarms.read(file(3), 0);
        assertThat(swarms.size()).isEqualTo(3);
        assertThat(HexFormat.of().formatHex(swarms.infoHash(2))).isEqualTo(String.format("%040x", 3));
    }

    @Test
    void refusesALineThatIsNotFortyHexDigits() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad"), "abcd\n");
        assertThrows(IllegalArgumentException.class, () -> Swarms.read(bad, 0));
    }

    @Test
    void zipfOfExponentOneGivesTheTopTenOfAThousandSwarmsAboutThirtyNinePercent() throws IOException {
        Swarms swarms = Swarms.read(file(1000), 1.0);
        SplittableRandom random = new SplittableRandom(3);
        int top = 0;
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            int swarm = swarms.pick(random);
            assertThat(swarm).isBetween(0, 999);
            if (swarm < 10) {
                top++;
            }
        }
        assertThat(top / (double) draws).isBetween(0.38, 0.40);
    }

    @Test
    void exponentZeroIsUniform() throws IOException {
        Swarms swarms = Swarms.read(file(4), 0);
        SplittableRandom random = new SplittableRandom(9);
        int[] counts = new int[4];
        for (int i = 0; i < 40_000; i++) {
            counts[swarms.pick(random)]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(9_500, 10_500);
        }
    }
}
