package io.bitquark.metainfo.interop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.metainfo.api.ContentFixture;
import io.bitquark.metainfo.api.FreshDirectories;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.bitquark.protocol.metainfo.TorrentFile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torrents created through {@code POST /api/torrents} have the same info dictionary, byte for byte, as
 * mktorrent's for the same content, name, piece length and flags, hence the same info-hash. mktorrent
 * writes {@code length}/{@code files}, {@code name}, {@code piece length}, {@code pieces}, and
 * {@code private}/{@code source} when asked; the creation date ({@code -d}), {@code created by} and the
 * announce URL live outside the info dictionary.
 *
 * <p>One known difference: mktorrent sorts a directory's files by their whole path compared with
 * {@code strcmp}, we sort them one path component at a time (BEP 52's file-tree order). The two agree unless
 * a name extends a sibling directory's name with a character below {@code '/'} (space, {@code '-'},
 * {@code '.'}, …).
 */
@QuarkusTest
@WithTestResource(FreshDirectories.class)
@Tag("interop")
class MktorrentInteropTest {

    static final String ANNOUNCE = "http://tracker.example:6969/announce";
    /** 2^15 = 32 KiB, mktorrent's smallest piece length. */
    static final int LOG2_PIECE_LENGTH = 15;

    @TempDir
    Path work;

    @Test
    void aSingleFileTorrentHasTheInfoDictionaryOfMktorrents() throws Exception {
        Path file = ContentFixture.file("mk-single/content.bin", 1024 * 1024 + 12_345, 1);

        Metainfo theirs = mktorrent(file, "interop single.bin");
        Metainfo ours = create("""
                {"path": "mk-single/content.bin", "name": "interop single.bin", "pieceLength": 32768,
                 "announce": "%s"}""".formatted(ANNOUNCE));

        assertThat(theirs.info().keys())
                .extracting(BString::utf8)
                .containsExactly("length", "name", "piece length", "pieces");
        assertSameInfo(ours, theirs);
    }

    @Test
    void aDirectoryTorrentHasTheInfoDictionaryOfMktorrentsWhenBothOrderItsFilesAlike() throws Exception {
        ContentFixture.file("mk-multi/.hidden", 10, 2);
        ContentFixture.file("mk-multi/alpha/one.bin", 70_001, 3);
        ContentFixture.file("mk-multi/alpha/zeta/two.bin", 33_333, 4);
        ContentFixture.file("mk-multi/beta/empty", 0, 5);
        ContentFixture.file("mk-multi/dossier été/naïve file.txt", 5_000, 6);
        ContentFixture.file("mk-multi/Zed.txt", 1, 7);
        ContentFixture.file("mk-multi/日本語.txt", 40_000, 8);

        Metainfo theirs = mktorrent(ContentFixture.ROOT.resolve("mk-multi"), "interop multi", "-p", "-s", "BitQuark");
        Metainfo ours = create("""
                {"path": "mk-multi", "name": "interop multi", "pieceLength": 32768, "announce": "%s",
                 "private": true, "source": "BitQuark", "includeHidden": true}""".formatted(ANNOUNCE));

        assertThat(theirs.info().keys())
                .extracting(BString::utf8)
                .containsExactly("files", "name", "piece length", "pieces", "private", "source");
        assertThat(paths(theirs))
                .containsExactly(
                        ".hidden",
                        "Zed.txt",
                        "alpha/one.bin",
                        "alpha/zeta/two.bin",
                        "beta/empty",
                        "dossier été/naïve file.txt",
                        "日本語.txt");
        assertSameInfo(ours, theirs);
    }

    @Test
    void mktorrentListsANameExtendingASiblingDirectorysNameWithACharacterBelowSlashBeforeThatDirectory()
            throws Exception {
        ContentFixture.file("mk-order/dossier/inside.txt", 100, 9);
        ContentFixture.file("mk-order/dossier été/inside.txt", 100, 10);
        ContentFixture.file("mk-order/dossier.txt", 100, 11);

        Metainfo theirs = mktorrent(ContentFixture.ROOT.resolve("mk-order"), "mk-order");
        Metainfo ours = create("""
                {"path": "mk-order", "pieceLength": 32768, "announce": "%s"}""".formatted(ANNOUNCE));

        assertThat(paths(theirs))
                .as("mktorrent: strcmp of the whole path, ' ' and '.' sort before '/'")
                .containsExactly("dossier été/inside.txt", "dossier.txt", "dossier/inside.txt");
        assertThat(paths(ours))
                .as("ours: component by component, 'dossier' before its extensions")
                .containsExactly("dossier/inside.txt", "dossier été/inside.txt", "dossier.txt");
        assertThat(ours.infoHashV1()).isNotEqualTo(theirs.infoHashV1());
    }

    private Metainfo mktorrent(Path content, String name, String... flags) throws Exception {
        Path out = work.resolve("mktorrent.torrent");
        List<String> command = new ArrayList<>(List.of(
                RealTools.mktorrent(),
                "-d",
                "-l",
                Integer.toString(LOG2_PIECE_LENGTH),
                "-a",
                ANNOUNCE,
                "-n",
                name,
                "-o",
                out.toString()));
        command.addAll(List.of(flags));
        command.add(content.toString());
        RealTools.Result result = RealTools.run(command);
        assertThat(result.exitCode())
                .as("mktorrent's exit code; it printed: %s", result.output())
                .isZero();
        return MetainfoParser.strict().parse(Files.readAllBytes(out));
    }

    private static Metainfo create(String options) throws Exception {
        String id = given().contentType("application/json")
                .body(options)
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return MetainfoParser.strict().parse(RealTools.hostedTorrent(id));
    }

    private static void assertSameInfo(Metainfo ours, Metainfo theirs) {
        assertThat(ours.info().keys())
                .extracting(BString::utf8)
                .containsExactlyElementsOf(
                        theirs.info().keys().stream().map(BString::utf8).toList());
        assertThat(paths(ours)).containsExactlyElementsOf(paths(theirs));
        assertThat(ours.infoBytes()).as("the info dictionary's bytes").isEqualTo(theirs.infoBytes());
        assertThat(ours.infoHashV1().orElseThrow().hex())
                .isEqualTo(theirs.infoHashV1().orElseThrow().hex());
    }

    private static List<String> paths(Metainfo m) {
        return m.files().stream().map(TorrentFile::displayPath).toList();
    }
}
