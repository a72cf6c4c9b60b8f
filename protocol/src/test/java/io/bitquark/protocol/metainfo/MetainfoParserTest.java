package io.bitquark.protocol.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BencodeDecoder;
import io.bitquark.protocol.bencode.BencodeEncoder;
import io.bitquark.protocol.bencode.BencodeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetainfoParserTest {

    private static Metainfo fixture(String file) throws MetainfoException {
        return MetainfoParser.lenient().parse(Fixtures.bytes("libtorrent", file));
    }

    private static BDictionary v1Info() {
        return BDictionary.builder()
                .put("name", "a.txt")
                .put("piece length", 16384)
                .put("length", 10)
                .put("pieces", new byte[20])
                .build();
    }

    private static byte[] torrent(BDictionary info) {
        return BencodeEncoder.encode(BDictionary.builder().put("info", info).build());
    }

    private static MetainfoException refusal(byte[] torrent) {
        return assertThrows(
                MetainfoException.class, () -> MetainfoParser.lenient().parse(torrent));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void malformedBencodeNamesTheByteOffsetOfTheProblem() {
        byte[] torrent = "d4:infod6:lengthi03eee".getBytes(StandardCharsets.US_ASCII);
        MetainfoException e = assertThrows(
                MetainfoException.class, () -> MetainfoParser.lenient().parse(torrent));
        assertThat(e.kind()).isEqualTo(MetainfoException.Kind.MALFORMED_BENCODE);
        assertThat(e.offset()).isEqualTo(17);
        assertThat(e.getMessage()).contains("leading zero");
    }

    @Test
    void keepsUnknownKeysAtTopLevelAndInsideInfoThroughARoundTrip() throws Exception {
        BDictionary info =
                v1Info().toBuilder().put("x-info", BList.of(BString.of("kept"))).build();
        byte[] original = BencodeEncoder.encode(
                BDictionary.builder().put("info", info).put("x-top", 7).build());

        Metainfo m = MetainfoParser.strict().parse(original);

        assertThat(m.encode()).isEqualTo(original);
        assertThat(m.info().getList("x-info")).isEqualTo(BList.of(BString.of("kept")));
        assertThat(m.root().getLong("x-top")).isEqualTo(7);
    }

    @Test
    void writesNonCanonicalInfoBytesBackVerbatimSoTheInfoHashHolds() throws Exception {
        byte[] original = Fixtures.bytes("libtorrent", "pad_file.torrent");
        Metainfo m = MetainfoParser.lenient().parse(original);

        assertThat(m.warnings())
                .anyMatch(w -> w.message().contains("out of order")
                        && w.code() == MetainfoWarning.Code.UNSORTED_KEYS
                        && w.offset() > 0);
        Metainfo again = MetainfoParser.lenient().parse(m.encode());
        assertThat(again.infoHashV1()).isEqualTo(m.infoHashV1());
        assertThat(again.infoBytes()).isEqualTo(m.infoBytes());
        assertThat(new String(m.encode(), StandardCharsets.ISO_8859_1))
                .contains(new String(m.infoBytes(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void editingAFieldOutsideInfoKeepsTheInfoHash() throws Exception {
        Metainfo m = fixture("v2_hybrid.torrent");

        Metainfo edited = m.withField("comment", BString.of("re-announced"))
                .withField("announce-list", BList.of(BList.of(BString.of("http://t.example/announce"))))
                .withoutField("created by");

        assertThat(edited.infoHashV1()).isEqualTo(m.infoHashV1());
        assertThat(edited.infoHashV2()).isEqualTo(m.infoHashV2());
        assertThat(edited.comment()).contains("re-announced");
        assertThat(edited.createdBy()).isEmpty();
        assertThat(edited.announceTiers()).containsExactly(List.of("http://t.example/announce"));
        assertThat(edited).isNotEqualTo(m);
        assertThrows(IllegalArgumentException.class, () -> m.withField("info", BDictionary.empty()));
    }

    @Test
    void readsTrackerTiersCommentAndCreationDate() throws Exception {
        Metainfo m = fixture("sample.torrent");

        assertThat(m.announceTiers())
                .containsExactly(
                        List.of("udp://tracker.opentracker.com:80/announce"),
                        List.of("tracker.publicbt.com:80/announce"));
        assertThat(m.comment()).contains("sample comment");
        assertThat(m.createdBy()).contains("libtorrent");
        assertThat(m.creationDate()).contains(Instant.ofEpochSecond(1418787579));
        assertThat(fixture("whitespace_url.torrent").announceTiers())
                .containsExactly(List.of("udp://test.com/announce"));
    }

    @Test
    void readsWebSeedsFromAStringOrAListSkippingBlanksAndNonStrings() throws Exception {
        assertThat(fixture("url_seed.torrent").webSeeds()).containsExactly("http://test.com/file");
        assertThat(fixture("url_list3.torrent").webSeeds()).isEmpty();
        assertThat(fixture("empty_httpseed.torrent").webSeeds()).isEmpty();
        assertThat(fixture("empty_httpseed.torrent").httpSeeds()).isEmpty();
        byte[] asString = BencodeEncoder.encode(BDictionary.builder()
                .put("info", v1Info())
                .put("url-list", "http://seed.example/a.txt")
                .put("httpseeds", BList.of(BString.of("http://h.example/")))
                .build());
        Metainfo m = MetainfoParser.strict().parse(asString);
        assertThat(m.webSeeds()).containsExactly("http://seed.example/a.txt");
        assertThat(m.httpSeeds()).containsExactly("http://h.example/");
    }

    @Test
    void readsPrivateAndSourceFromTheInfoDictionary() throws Exception {
        Metainfo bunny = MetainfoParser.lenient().parse(Fixtures.bytes("webtorrent", "bunny.torrent"));
        assertThat(bunny.isPrivate()).isTrue();
        assertThat(bunny.webSeeds()).hasSize(1);
        Metainfo m = MetainfoParser.strict()
                .parse(torrent(v1Info().toBuilder()
                        .put("private", 0)
                        .put("source", "SRC")
                        .build()));
        assertThat(m.isPrivate()).isFalse();
        assertThat(m.source()).contains("SRC");
    }

    @Test
    void countsASymlinkAsZeroPayloadBytesWhateverItsLength() throws Exception {
        Metainfo m = fixture("symlink1.torrent");

        TorrentFile link = m.files().get(1);
        assertThat(link.isSymlink()).isTrue();
        assertThat(link.length()).isZero();
        assertThat(link.symlinkPath()).containsExactly("a", "b", "bar");
        assertThat(m.totalSize()).isEqualTo(425);
    }

    @Test
    void recognisesBep47AndBitCometPadFiles() throws Exception {
        assertThat(fixture("pad_file.torrent").files().get(1).isPadding()).isTrue();
        TorrentFile noPath = fixture("pad_file_no_path.torrent").files().get(1);
        assertThat(noPath.isPadding()).isTrue();
        assertThat(noPath.path()).containsExactly(".pad", "2124");
        assertThat(fixture("sample.torrent").files())
                .filteredOn(TorrentFile::isPadding)
                .hasSize(1);
    }

    @Test
    void placesAV2OnlyTorrentsFilesOnPieceBoundariesWithImpliedPads() throws Exception {
        Metainfo m = fixture("v2_multiple_files.torrent");

        assertThat(m.version()).isEqualTo(MetaVersion.V2);
        assertThat(m.infoHashV1()).isEmpty();
        assertThat(m.files())
                .extracting(TorrentFile::displayPath)
                .containsExactly("stress_test0", "stress_test1", ".pad/1048376", "stress_test2", ".pad/1048176");
        assertThat(m.files()).filteredOn(f -> !f.isPadding()).allMatch(f -> f.offset() % m.pieceLength() == 0);
        assertThat(m.files()).filteredOn(f -> !f.isPadding()).allMatch(f -> f.piecesRoot() != null);
        assertThat(m.isMultiFile()).isTrue();
        assertThat(fixture("v2_no_piece_layers.torrent").isMultiFile()).isFalse();
    }

    @Test
    void verifiesPieceLayersAgainstTheirPiecesRoots() throws Exception {
        Metainfo m = fixture("v2_multiple_files.torrent");
        assertThat(m.hasAllPieceLayers()).isTrue();
        assertThat(m.pieceLayerRoots()).hasSize(3);
        byte[] root = m.files().get(0).piecesRoot();
        assertThat(m.pieceLayer(root)).get().satisfies(layer -> assertThat(layer)
                .hasSize(1000 * 32));
        assertThat(m.warnings()).isEmpty();

        Metainfo incomplete = fixture("v2_incomplete_piece_layer.torrent");
        assertThat(incomplete.hasAllPieceLayers()).isFalse();
        assertThat(incomplete.warnings()).isEmpty();
    }

    @Test
    void dropsAPieceLayerThatDoesNotHashToItsRootWithAWarning() throws Exception {
        Metainfo m = fixture("v2_invalid_piece_layer_root.torrent");

        assertThat(m.pieceLayer(m.files().get(0).piecesRoot())).isEmpty();
        assertThat(m.hasAllPieceLayers()).isFalse();
        assertThat(m.warnings()).anyMatch(w -> w.message().contains("does not hash to its pieces root"));
    }

    @Test
    void strictModeRefusesWhatLenientModeTolerates() throws Exception {
        byte[] badRoot = Fixtures.bytes("libtorrent", "v2_invalid_root_hash.torrent");
        assertThat(MetainfoParser.lenient().parse(badRoot).warnings()).isNotEmpty();
        MetainfoException layer = assertThrows(
                MetainfoException.class, () -> MetainfoParser.strict().parse(badRoot));
        assertThat(layer.kind()).isEqualTo(MetainfoException.Kind.INVALID_PIECE_LAYER);

        MetainfoException trailing = assertThrows(MetainfoException.class, () -> MetainfoParser.strict()
                .parse(Fixtures.bytes("libtorrent", "large_piece_size.torrent")));
        assertThat(trailing.kind()).isEqualTo(MetainfoException.Kind.MALFORMED_BENCODE);

        MetainfoException unsafe = assertThrows(MetainfoException.class, () -> MetainfoParser.strict()
                .parse(Fixtures.bytes("libtorrent", "parent_path.torrent")));
        assertThat(unsafe.kind()).isEqualTo(MetainfoException.Kind.UNSAFE_PATH);
        assertThat(unsafe.getMessage()).contains("'..'");
    }

    @Test
    void reportsUnsafePathsInsteadOfRewritingThem() throws Exception {
        Metainfo m = fixture("parent_path.torrent");
        assertThat(m.files().get(0).path()).containsExactly("..", "..", "bar");
        assertThat(m.unsafePaths()).containsExactly("file '../../bar': component '..' refers to the parent directory");

        assertThat(fixture("absolute_filename.torrent").unsafePaths())
                .singleElement()
                .asString()
                .contains("separator");
        assertThat(fixture("empty_path.torrent").unsafePaths())
                .singleElement()
                .asString()
                .contains("empty");
        assertThat(fixture("slash_path3.torrent").name()).isEqualTo("temp/../../abc");
        assertThat(fixture("v2_invalid_filename2.torrent").unsafePaths()).hasSize(2);
    }

    @Test
    void attachesV2PiecesRootsToTheV1FilesOfAHybrid() throws Exception {
        Metainfo m = fixture("v2_hybrid.torrent");

        assertThat(m.version()).isEqualTo(MetaVersion.HYBRID);
        assertThat(m.files()).filteredOn(f -> !f.isPadding()).allMatch(f -> f.piecesRoot() != null);
        assertThat(m.files()).filteredOn(TorrentFile::isPadding).allMatch(f -> f.piecesRoot() == null);
        assertThat(m.files().get(m.fileCount() - 1).isPadding()).isTrue();
        assertThat(fixture("v2_hybrid-missing-tailpad.torrent").files().get(16).isPadding())
                .isFalse();
        assertThat(m.pieceHash(0)).hasSize(20);
        assertThat(m.primaryInfoHash()).isEqualTo(m.infoHashV1().orElseThrow());
    }

    @Test
    void refusesAHybridWhoseV1FileDiffersFromItsV2File() throws Exception {
        Metainfo v2 = fixture("v2.torrent");
        byte[] changed = torrent(v2.info().toBuilder().put("length", 65535).build());

        MetainfoException e = refusal(changed);

        assertThat(e.kind()).isEqualTo(MetainfoException.Kind.INCONSISTENT_FILES);
        assertThat(e.getMessage())
                .contains("v1 file 'test64K' (65535 bytes) does not match v2 file 'test64K' (65536 bytes)");
    }

    @Test
    void refusesAV2InfoDictionaryThatIsNotCanonicalBencode() {
        String root = "11:pieces root32:" + "r".repeat(32);
        byte[] unsorted = ascii("d4:infod9:file treed1:ad0:d6:lengthi5e" + root + "eee12:meta versioni2e"
                + "12:piece lengthi16384e4:name1:aee");

        MetainfoException e = refusal(unsorted);

        assertThat(e.kind()).isEqualTo(MetainfoException.Kind.MALFORMED_BENCODE);
        assertThat(e.getMessage()).contains("canonical");
    }

    @Test
    void refusesUnknownMetaVersionsAndMisplacedFileTrees() {
        assertThat(refusal(torrent(v1Info().toBuilder().put("meta version", 3).build()))
                        .kind())
                .isEqualTo(MetainfoException.Kind.UNSUPPORTED_VERSION);
        assertThat(refusal(torrent(v1Info().toBuilder()
                                .put("file tree", BDictionary.empty())
                                .build()))
                        .getMessage())
                .contains("'meta version' is not 2");
        assertThat(refusal(torrent(v1Info().toBuilder().put("meta version", 2).build()))
                        .getMessage())
                .contains("needs a 'file tree'");
    }

    @Test
    void refusesAnEmptyFileListAndASingleFileNamedOnlyWithDots() {
        assertThat(refusal(torrent(v1Info().toBuilder().put("files", BList.of()).build()))
                        .kind())
                .isEqualTo(MetainfoException.Kind.NO_FILES);
        MetainfoException dots =
                refusal(torrent(v1Info().toBuilder().put("name", "..").build()));
        assertThat(dots.kind()).isEqualTo(MetainfoException.Kind.MISSING_NAME);
        assertThat(dots.getMessage()).contains("must name a file");
    }

    @Test
    void refusesAFileLongerThanTheLimit() {
        MetainfoException e = refusal(torrent(v1Info().toBuilder()
                .put("length", MetainfoParser.MAX_FILE_LENGTH)
                .build()));
        assertThat(e.kind()).isEqualTo(MetainfoException.Kind.INVALID_LENGTH);
        assertThat(e.getMessage()).contains("the limit is");
    }

    @Test
    void refusesAPieceLayersValueThatIsNotADictionary() throws Exception {
        Metainfo m = fixture("v2_multipiece_file.torrent");
        MetainfoException e = assertThrows(MetainfoException.class, () -> m.withField("piece layers", BList.of()));
        assertThat(e.kind()).isEqualTo(MetainfoException.Kind.INVALID_PIECE_LAYER);
    }

    @Test
    void warnsAboutAPieceLayerForAnUnknownRoot() throws Exception {
        Metainfo m = fixture("v2_multipiece_file.torrent");
        BDictionary layers = m.root().getDictionary("piece layers").toBuilder()
                .put(BString.of(new byte[32]), BString.of(new byte[64]))
                .build();

        Metainfo edited = m.withField("piece layers", layers);

        assertThat(edited.warnings()).anyMatch(w -> w.message().contains("matches no file"));
        assertThat(edited.hasAllPieceLayers()).isTrue();
    }

    @Test
    void reportsMalformedBencodeWithItsOffset() {
        MetainfoException e = refusal(ascii("d4:infod4:name"));
        assertThat(e.kind()).isEqualTo(MetainfoException.Kind.MALFORMED_BENCODE);
        assertThat(e.getMessage()).contains("at offset");
        assertThat(e.getCause()).isInstanceOf(BencodeException.class);
    }

    @Test
    void producesCanonicalBytesWhenReEncodingALenientTorrent() throws Exception {
        Metainfo m = fixture("v2_invalid_filename2.torrent");
        byte[] encoded = m.encode();
        assertThat(BencodeDecoder.strict().decode(encoded).isCanonical()).isTrue();
        assertThat(HexFormat.of()
                        .formatHex(MetainfoParser.lenient()
                                .parse(encoded)
                                .infoHashV2()
                                .orElseThrow()
                                .bytes()))
                .isEqualTo("15a740f43e5c103875148842c9e2b0d5e5859afa164edbadefd7c344667cf273");
    }
}
