package io.bitquark.protocol.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.bencode.BencodeEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentLayoutTest {

    @TempDir
    Path tmp;

    private static Metainfo fixture(String file) throws MetainfoException {
        return MetainfoParser.lenient().parse(Fixtures.bytes("libtorrent", file));
    }

    /** A lenient parse of a multi-file v1 torrent named "t" with these entries. */
    private static Metainfo multiFile(BDictionary... entries) throws MetainfoException {
        BDictionary info = BDictionary.builder()
                .put("name", "t")
                .put("piece length", 16384)
                .put("files", BList.of(entries))
                .put("pieces", new byte[20])
                .build();
        return MetainfoParser.lenient()
                .parse(BencodeEncoder.encode(
                        BDictionary.builder().put("info", info).build()));
    }

    private static BDictionary file(long length, String... path) {
        List<BValue> components = new ArrayList<>();
        for (String c : path) {
            components.add(BString.of(c));
        }
        return BDictionary.builder()
                .put("length", length)
                .put("path", BList.of(components))
                .build();
    }

    @Test
    void mapsAMultiFileTorrentInsideADirectoryNamedAfterIt() throws Exception {
        ContentLayout layout = ContentLayout.of(fixture("creation_date.torrent"), tmp);

        assertThat(layout.contentRoot())
                .isEqualTo(tmp.toAbsolutePath().normalize().resolve("temp"));
        assertThat(layout.entries())
                .extracting(ContentLayout.Entry::path)
                .containsExactly(
                        layout.contentRoot().resolve("foo").resolve("bar.txt"),
                        layout.contentRoot().resolve("foo").resolve("var.txt"));
    }

    @Test
    void mapsASingleFileTorrentDirectlyUnderTheRoot() throws Exception {
        ContentLayout layout = ContentLayout.of(fixture("base.torrent"), tmp);

        assertThat(layout.contentRoot()).isEqualTo(layout.root());
        assertThat(layout.entries()).singleElement().satisfies(e -> assertThat(e.path())
                .isEqualTo(layout.root().resolve("temp")));
    }

    @Test
    void givesPadFilesNoLocation() throws Exception {
        ContentLayout layout = ContentLayout.of(fixture("sample.torrent"), tmp);

        assertThat(layout.entries())
                .extracting(e -> e.file().displayPath())
                .containsExactly("text_file2.txt", "text_file.txt");
    }

    @Test
    void resolvesSymlinkTargetsFromTheTorrentsDirectory() throws Exception {
        ContentLayout layout = ContentLayout.of(fixture("symlink2.torrent"), tmp);

        ContentLayout.Entry link = layout.entries().get(0);
        assertThat(link.file().isSymlink()).isTrue();
        assertThat(link.path()).isEqualTo(layout.contentRoot().resolve("SDL2"));
        assertThat(link.symlinkTarget()).isEqualTo(layout.contentRoot().resolve("Versions/A/SDL2"));
        assertThat(layout.entries().get(1).symlinkTarget()).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "absolute_filename.torrent",
                "empty_path.torrent",
                "invalid_filename2.torrent",
                "invalid_name2.torrent",
                "parent_path.torrent",
                "slash_path.torrent",
                "slash_path2.torrent",
                "slash_path3.torrent",
                "symlink_filtered_path.torrent",
                "v2_invalid_filename2.torrent"
            })
    void refusesEveryFixtureWhosePathsLibtorrentWouldRewrite(String file) throws Exception {
        Metainfo m = fixture(file);

        MetainfoException e = assertThrows(MetainfoException.class, () -> ContentLayout.of(m, tmp));

        assertThat(e.kind()).isEqualTo(MetainfoException.Kind.UNSAFE_PATH);
        assertThat(e.getMessage()).contains("cannot be mapped safely");
        try (var created = Files.list(tmp)) {
            assertThat(created).isEmpty();
        }
    }

    @Test
    void refusesASymlinkWhoseTargetLeavesTheTorrent() throws Exception {
        BDictionary link = file(0, "link").toBuilder()
                .put("attr", "l")
                .put("symlink path", BList.of(BString.of(".."), BString.of(".."), BString.of("etc")))
                .build();
        Metainfo m = multiFile(file(1, "a"), link);

        assertThat(m.unsafePaths()).singleElement().asString().contains("symlink target");
        MetainfoException e = assertThrows(MetainfoException.class, () -> ContentLayout.of(m, tmp));
        assertThat(e.getMessage()).contains("symlink target '../../etc' of 'link' cannot be mapped safely");
    }

    @Test
    void refusesATorrentThatAnExistingSymlinkWouldLeadOutOfTheRoot() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("downloads"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("temp"), outside);

        MetainfoException e =
                assertThrows(MetainfoException.class, () -> ContentLayout.of(fixture("creation_date.torrent"), root));

        assertThat(e.kind()).isEqualTo(MetainfoException.Kind.UNSAFE_PATH);
        assertThat(e.getMessage()).contains("name 'temp' cannot be mapped safely", "symlink");
    }

    @Test
    void refusesTwoFilesAtTheSameLocation() throws Exception {
        Metainfo m = multiFile(file(1, "a", "b"), file(2, "a", "b"));

        assertThat(m.unsafePaths()).isEmpty();
        MetainfoException e = assertThrows(MetainfoException.class, () -> ContentLayout.of(m, tmp));
        assertThat(e.getMessage()).contains("same location");
    }

    @Test
    void refusesANulCharacterInAName() throws Exception {
        Metainfo m = multiFile(file(1, "a\0b"));

        assertThat(m.unsafePaths()).singleElement().asString().contains("NUL");
        assertThrows(MetainfoException.class, () -> ContentLayout.of(m, tmp));
    }
}
