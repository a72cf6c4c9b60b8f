package io.bitquark.protocol.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebSeedUrlsTest {

    private static Metainfo single() throws Exception {
        return MetainfoBuilder.v1("my file.iso", 16384)
                .singleFile(10)
                .pieces(new byte[20])
                .build();
    }

    private static Metainfo multi() throws Exception {
        return MetainfoBuilder.v1("my set", 16384)
                .addFile(List.of("a dir", "日本.bin"), 5)
                .addFile(List.of("b.txt"), 5)
                .pieces(new byte[20])
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "http://s.example/files/x.iso, http://s.example/files/x.iso",
        "http://s.example/files/, http://s.example/files/my%20file.iso"
    })
    void aSingleFileTorrentsUrlIsTakenAsGivenUnlessItEndsWithASlashThenTheNameIsAppended(String url, String expected)
            throws Exception {
        Metainfo torrent = single();
        assertThat(WebSeedUrls.file(url, torrent, torrent.files().get(0))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"http://s.example/mirror", "http://s.example/mirror/"})
    void aMultiFileTorrentsFilesAreTheUrlThenTheNameThenThePathPercentEncoded(String url) throws Exception {
        Metainfo torrent = multi();
        assertThat(WebSeedUrls.file(url, torrent, torrent.files().get(0)))
                .isEqualTo("http://s.example/mirror/my%20set/a%20dir/%E6%97%A5%E6%9C%AC.bin");
        assertThat(WebSeedUrls.file(url, torrent, torrent.files().get(1)))
                .isEqualTo("http://s.example/mirror/my%20set/b.txt");
    }

    @Test
    void anHttpSeedIsAskedForAWholePieceByInfoHashAndIndex() {
        assertThat(WebSeedUrls.piece("http://h.example/seed.php", TrackerUrlsTest.INFO_HASH, 7))
                .isEqualTo("http://h.example/seed.php?info_hash=%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A&piece=7");
        assertThat(WebSeedUrls.piece("http://h.example/seed.php?key=1", TrackerUrlsTest.INFO_HASH, 0))
                .startsWith("http://h.example/seed.php?key=1&info_hash=%124Vx")
                .endsWith("&piece=0");
    }
}
