package io.bitquark.protocol.metainfo;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzz target: parsing any bytes, leniently or strictly, either yields a torrent or fails with
 * {@link MetainfoException}; a parsed torrent re-encodes to one with the same info bytes and files, and
 * mapping it onto a directory also fails only with {@link MetainfoException}. Without {@code JAZZER_FUZZ}
 * this replays the seed corpus (a few fixture torrents) as a regression test.
 */
class MetainfoFuzzTest {

    private static final Path ROOT = Path.of("/nonexistent-bitquark-fuzz-root");

    @FuzzTest(maxDuration = "10s")
    void parserThrowsOnlyMetainfoException(byte[] input) {
        for (MetainfoParser parser : new MetainfoParser[] {MetainfoParser.lenient(), MetainfoParser.strict()}) {
            try {
                Metainfo m = parser.parse(input);
                Metainfo again = MetainfoParser.lenient().parse(m.encode());
                if (!Arrays.equals(again.infoBytes(), m.infoBytes())
                        || !again.files().equals(m.files())) {
                    throw new AssertionError("re-encoding changed the torrent");
                }
                m.unsafePaths();
                ContentLayout.of(m, ROOT);
            } catch (MetainfoException expected) {
                // refused with a clear message: the declared outcome
            }
        }
    }
}
