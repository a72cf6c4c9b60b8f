package io.bitquark.protocol.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BencodeDecoder;
import io.bitquark.protocol.bencode.BencodeEncoder;
import io.bitquark.protocol.hash.MerkleTree;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetainfoBuilderTest {

    private static final int PIECE = 16384;

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void buildsACanonicalV1SingleFileTorrent() throws Exception {
        Metainfo m = MetainfoBuilder.v1("a.txt", PIECE)
                .singleFile(20000)
                .pieces(new byte[40])
                .announceTiers(List.of(List.of("http://t.example/announce")))
                .comment("hello")
                .createdBy("BitQuark")
                .creationDate(Instant.ofEpochSecond(1700000000))
                .build();

        byte[] bytes = m.encode();
        assertThat(BencodeEncoder.encode(BencodeDecoder.strict().decodeValue(bytes)))
                .isEqualTo(bytes);
        assertThat(m.version()).isEqualTo(MetaVersion.V1);
        assertThat(m.isMultiFile()).isFalse();
        assertThat(m.pieceCount()).isEqualTo(2);
        assertThat(m.files()).singleElement().satisfies(f -> assertThat(f.path())
                .containsExactly("a.txt"));
        assertThat(m.announce()).contains("http://t.example/announce");
        assertThat(m.root().containsKey("announce-list")).isFalse();
        assertThat(m.creationDate()).contains(Instant.ofEpochSecond(1700000000));
        assertThat(m.infoHashV2()).isEmpty();
    }

    @Test
    void leavesOutTheCreationDateUnlessGivenSoBuildsAreReproducible() throws Exception {
        MetainfoBuilder b = MetainfoBuilder.v1("a", PIECE).singleFile(1).pieces(new byte[20]);
        Metainfo m = b.build();
        assertThat(m.creationDateSeconds()).isEmpty();
        assertThat(b.build().encode()).isEqualTo(m.encode());
    }

    @Test
    void writesTrackersSeedsAndFlags() throws Exception {
        Metainfo m = MetainfoBuilder.v1("dir", PIECE)
                .addFile(List.of("x", "a.bin"), 100, Set.of(FileAttribute.EXECUTABLE, FileAttribute.HIDDEN), null)
                .addSymlink(List.of("link"), List.of("x", "a.bin"))
                .pieces(new byte[20])
                .announceTiers(List.of(List.of("http://a/ann", "http://b/ann"), List.of(), List.of("udp://c:80")))
                .webSeeds(List.of("http://seed/"))
                .httpSeeds(List.of("http://hs/seed"))
                .privateTorrent(true)
                .source("SRC")
                .build();

        assertThat(m.announceTiers()).containsExactly(List.of("http://a/ann", "http://b/ann"), List.of("udp://c:80"));
        assertThat(m.announce()).contains("http://a/ann");
        assertThat(m.webSeeds()).containsExactly("http://seed/");
        assertThat(m.httpSeeds()).containsExactly("http://hs/seed");
        assertThat(m.isPrivate()).isTrue();
        assertThat(m.source()).contains("SRC");
        assertThat(m.files().get(0).attributes())
                .containsExactlyInAnyOrder(FileAttribute.EXECUTABLE, FileAttribute.HIDDEN);
        assertThat(m.files().get(1).isSymlink()).isTrue();
        assertThat(m.files().get(1).symlinkPath()).containsExactly("x", "a.bin");
        assertThat(m.totalSize()).isEqualTo(100);
    }

    @Test
    void insertsPadFilesInAHybridSoEveryFileStartsOnAPieceButNoneAfterTheLast() throws Exception {
        byte[] rootA = filled(32, 1);
        byte[] rootC = filled(32, 3);
        MetainfoBuilder b = MetainfoBuilder.hybrid("h", PIECE)
                .addFile(List.of("a"), 100, Set.of(), rootA)
                .addFile(List.of("b"), 0, Set.of(), null)
                .addFile(List.of("c"), 200, Set.of(), rootC);

        assertThat(b.layout())
                .extracting(TorrentFile::displayPath, TorrentFile::offset)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 0L),
                        org.assertj.core.groups.Tuple.tuple(".pad/16284", 100L),
                        org.assertj.core.groups.Tuple.tuple("b", 16384L),
                        org.assertj.core.groups.Tuple.tuple("c", 16384L));
        assertThat(b.pieceCount()).isEqualTo(2);

        Metainfo m = b.pieces(new byte[40]).build();
        assertThat(m.version()).isEqualTo(MetaVersion.HYBRID);
        assertThat(m.files()).isEqualTo(b.layout());
        assertThat(m.files().get(1).attributes()).containsExactly(FileAttribute.PAD);
        assertThat(m.totalSize()).isEqualTo(16384 + 200);
    }

    @Test
    void rebuildsLibtorrentsHybridTorrentsWithTheSameInfoHashes() throws Exception {
        for (String file :
                List.of("v2_hybrid-missing-tailpad.torrent", "empty-files-4.torrent", "empty-files-5.torrent")) {
            Metainfo original = MetainfoParser.lenient().parse(Fixtures.bytes("libtorrent", file));
            MetainfoBuilder b = MetainfoBuilder.hybrid(original.name(), original.pieceLength());
            for (TorrentFile f : original.files()) {
                if (!f.isPadding()) {
                    b.addFile(f.path(), f.length(), f.attributes(), f.piecesRoot());
                    original.pieceLayer(f.piecesRootIfPresent().orElse(new byte[32]))
                            .ifPresent(layer -> b.pieceLayer(f.piecesRoot(), layer));
                }
            }
            Metainfo rebuilt = b.pieces(original.pieces().orElseThrow()).build();

            assertThat(rebuilt.infoHashV1()).as(file).isEqualTo(original.infoHashV1());
            assertThat(rebuilt.infoHashV2()).as(file).isEqualTo(original.infoHashV2());
            assertThat(rebuilt.files()).as(file).isEqualTo(original.files());
        }
    }

    @Test
    void rebuildsAV2OnlyTorrentWithItsImpliedPads() throws Exception {
        Metainfo original = MetainfoParser.lenient().parse(Fixtures.bytes("libtorrent", "v2_multiple_files.torrent"));
        MetainfoBuilder b = MetainfoBuilder.v2(original.name(), original.pieceLength());
        for (TorrentFile f : original.files()) {
            if (!f.isPadding()) {
                b.addFile(f.path(), f.length(), f.attributes(), f.piecesRoot());
                b.pieceLayer(f.piecesRoot(), original.pieceLayer(f.piecesRoot()).orElseThrow());
            }
        }

        Metainfo rebuilt = b.createdBy("libtorrent")
                .creationDate(Instant.ofEpochSecond(1554199319))
                .build();

        assertThat(rebuilt.infoHashV2()).isEqualTo(original.infoHashV2());
        assertThat(rebuilt.files()).isEqualTo(original.files());
        assertThat(rebuilt.hasAllPieceLayers()).isTrue();
    }

    @Test
    void buildsAV2SingleFileTorrentWithAPieceLayerThatHashesToItsRoot() throws Exception {
        byte[] layer = new byte[3 * 32];
        for (int i = 0; i < layer.length; i++) {
            layer[i] = (byte) i;
        }
        byte[] root = MerkleTree.rootFromPieceLayer(layer, PIECE);

        Metainfo m = MetainfoBuilder.v2("movie.mkv", PIECE)
                .singleFile(2 * PIECE + 1, Set.of(), root)
                .pieceLayer(root, layer)
                .build();

        assertThat(m.version()).isEqualTo(MetaVersion.V2);
        assertThat(m.isMultiFile()).isFalse();
        assertThat(m.pieceLayer(root)).contains(layer);
        assertThat(m.files()).extracting(TorrentFile::displayPath).containsExactly("movie.mkv", ".pad/16383");
        assertThat(m.pieceCount()).isEqualTo(3);
    }

    @Test
    void refusesAPieceLayerThatDoesNotHashToItsRoot() {
        byte[] root = filled(32, 9);
        MetainfoBuilder b = MetainfoBuilder.v2("m", PIECE)
                .singleFile(2 * PIECE, Set.of(), root)
                .pieceLayer(root, new byte[64]);

        MetainfoException e = assertThrows(MetainfoException.class, b::build);

        assertThat(e.kind()).isEqualTo(MetainfoException.Kind.INVALID_PIECE_LAYER);
        assertThat(e.getMessage()).contains("does not hash to its pieces root");
    }

    @Test
    void refusesTheWrongNumberOfPieceHashes() {
        MetainfoBuilder b = MetainfoBuilder.v1("a", PIECE).singleFile(PIECE + 1).pieces(new byte[20]);

        MetainfoException e = assertThrows(MetainfoException.class, b::build);

        assertThat(e.kind()).isEqualTo(MetainfoException.Kind.INVALID_PIECES);
        assertThat(e.getMessage()).contains("'pieces' holds 1 but the files need 2");
    }

    @Test
    void refusesAV2FileWithoutAPiecesRoot() {
        MetainfoBuilder b = MetainfoBuilder.v2("d", PIECE).addFile(List.of("a"), 5, Set.of(), null);
        assertThat(assertThrows(MetainfoException.class, b::build).kind())
                .isEqualTo(MetainfoException.Kind.MISSING_PIECES_ROOT);
    }

    @Test
    void refusesUnsafeNamesPathsAndSymlinkTargets() {
        assertThat(assertThrows(MetainfoException.class, () -> MetainfoBuilder.v1("d", PIECE)
                                .addFile(List.of("..", "x"), 1)
                                .pieces(new byte[20])
                                .build())
                        .kind())
                .isEqualTo(MetainfoException.Kind.UNSAFE_PATH);
        assertThat(assertThrows(MetainfoException.class, () -> MetainfoBuilder.v1("a/b", PIECE)
                                .singleFile(1)
                                .pieces(new byte[20])
                                .build())
                        .getMessage())
                .contains("separator");
        assertThat(assertThrows(MetainfoException.class, () -> MetainfoBuilder.v1("d", PIECE)
                                .addFile(List.of("f"), 1)
                                .addSymlink(List.of("l"), List.of("..", "..", "etc"))
                                .pieces(new byte[20])
                                .build())
                        .getMessage())
                .contains("symlink target");
    }

    @Test
    void refusesDuplicatePathsAndAPathThatIsBothFileAndDirectory() {
        assertThat(assertThrows(MetainfoException.class, () -> MetainfoBuilder.v1("d", PIECE)
                                .addFile(List.of("a"), 1)
                                .addFile(List.of("a"), 1)
                                .pieces(new byte[20])
                                .build())
                        .getMessage())
                .contains("share the path 'a'");
        assertThat(assertThrows(MetainfoException.class, () -> MetainfoBuilder.v1("d", PIECE)
                                .addFile(List.of("a"), 1)
                                .addFile(List.of("a", "b"), 1)
                                .pieces(new byte[20])
                                .build())
                        .getMessage())
                .contains("both a file and a directory");
    }

    @Test
    void refusesV2FilesOutOfFileTreeOrderAndCallerPadFiles() {
        MetainfoBuilder b = MetainfoBuilder.v2("d", PIECE).addFile(List.of("b"), 1, Set.of(), filled(32, 1));
        assertThrows(IllegalArgumentException.class, () -> b.addFile(List.of("a"), 1, Set.of(), filled(32, 2)));
        assertThrows(IllegalArgumentException.class, () -> b.addFile(List.of("c"), 1, Set.of(FileAttribute.PAD), null));
        assertThat(MetainfoBuilder.FILE_TREE_ORDER.compare(List.of("a", "z"), List.of("b")))
                .isNegative();
        assertThat(MetainfoBuilder.FILE_TREE_ORDER.compare(List.of("Z"), List.of("a")))
                .isNegative();
    }

    @Test
    void refusesMixingSingleAndMultiFileAndV2DataInAV1Torrent() {
        assertThrows(
                IllegalStateException.class,
                () -> MetainfoBuilder.v1("a", PIECE).singleFile(1).addFile(List.of("b"), 1));
        assertThrows(IllegalArgumentException.class, () -> MetainfoBuilder.v1("a", PIECE)
                .addFile(List.of("b"), 1, Set.of(), new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> MetainfoBuilder.v2("a", PIECE)
                .pieces(new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> MetainfoBuilder.v1("a", PIECE)
                .extension("info", BString.of("x")));
    }

    @Test
    void refusesATorrentWithoutFiles() {
        assertThat(assertThrows(MetainfoException.class, () -> MetainfoBuilder.v1("a", PIECE)
                                .build())
                        .kind())
                .isEqualTo(MetainfoException.Kind.NO_FILES);
    }

    @Test
    void carriesExtensionKeysInsideAndOutsideInfo() throws Exception {
        Metainfo plain = MetainfoBuilder.v1("a", PIECE)
                .singleFile(1)
                .pieces(new byte[20])
                .build();
        Metainfo extended = MetainfoBuilder.v1("a", PIECE)
                .singleFile(1)
                .pieces(new byte[20])
                .extension("nodes", BList.of(BList.of(BString.of("127.0.0.1"))))
                .infoExtension("similar", BList.of(BString.of(new byte[20])))
                .build();

        assertThat(extended.root().containsKey("nodes")).isTrue();
        assertThat(extended.info().containsKey("similar")).isTrue();
        assertThat(extended.infoHashV1()).isNotEqualTo(plain.infoHashV1());
    }
}
