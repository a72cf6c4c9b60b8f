package io.bitquark.protocol.metainfo;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bitquark.protocol.bencode.BencodeDecoder;
import io.bitquark.protocol.bencode.BencodeException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture torrent against libtorrent 2.0.8's verdict in EXPECTED.tsv: accepted torrents parse with
 * the same info-hashes and derived facts, rejected ones fail with a clear message.
 */
class MetainfoFixtureTest {

    /** Names libtorrent rewrites because they are unsafe; we keep and flag them instead. */
    private static final Set<String> UNSAFE_NAMES =
            Set.of("invalid_name2.torrent", "invalid_filename2.torrent", "slash_path3.torrent");

    /** The rule each rejected fixture breaks, and a phrase our message must contain. */
    private static final Map<String, Map.Entry<MetainfoException.Kind, String>> REJECTIONS = Map.ofEntries(
            entry("invalid_info.torrent", entry(MetainfoException.Kind.MISSING_INFO, "missing or invalid 'info'")),
            entry("invalid_name.torrent", entry(MetainfoException.Kind.MISSING_NAME, "no 'name' string")),
            entry("invalid_path_list.torrent", entry(MetainfoException.Kind.INVALID_PATH, "not a string")),
            entry("invalid_piece_len.torrent", entry(MetainfoException.Kind.INVALID_PIECE_LENGTH, "'piece length'")),
            entry(
                    "invalid_pieces.torrent",
                    entry(MetainfoException.Kind.INVALID_PIECES, "invalid or missing 'pieces'")),
            entry("many_pieces.torrent", entry(MetainfoException.Kind.TOO_MANY_PIECES, "too many pieces")),
            entry("missing_path_list.torrent", entry(MetainfoException.Kind.MISSING_NAME, "has no 'path'")),
            entry("negative_file_size.torrent", entry(MetainfoException.Kind.INVALID_LENGTH, "negative 'length' -45")),
            entry("negative_size.torrent", entry(MetainfoException.Kind.INVALID_LENGTH, "negative 'length' -425")),
            entry("no_name.torrent", entry(MetainfoException.Kind.MISSING_NAME, "no 'name' string")),
            entry("string.torrent", entry(MetainfoException.Kind.NOT_A_DICTIONARY, "must be a bencoded dictionary")),
            entry("unaligned_pieces.torrent", entry(MetainfoException.Kind.INVALID_PIECES, "not a multiple of 20")),
            entry(
                    "v2_bad_file_alignment.torrent",
                    entry(MetainfoException.Kind.INCONSISTENT_FILES, "not on a piece boundary")),
            entry("v2_deep_recursion.torrent", entry(MetainfoException.Kind.MALFORMED_BENCODE, "nesting deeper than")),
            entry("v2_empty_filename.torrent", entry(MetainfoException.Kind.INVALID_FILE_TREE, "empty file name")),
            entry(
                    "v2_invalid_piece_layer.torrent",
                    entry(MetainfoException.Kind.INVALID_PIECE_LAYER, "not a string of 32-byte hashes")),
            entry(
                    "v2_invalid_piece_layer_size.torrent",
                    entry(MetainfoException.Kind.INVALID_PIECE_LAYER, "holds 32 hashes")),
            entry("v2_large_offset.torrent", entry(MetainfoException.Kind.TOO_MANY_PIECES, "too many pieces")),
            entry(
                    "v2_missing_file_root_invalid_symlink.torrent",
                    entry(MetainfoException.Kind.MISSING_PIECES_ROOT, "no 32-byte 'pieces root'")),
            entry("v2_no_power2_piece.torrent", entry(MetainfoException.Kind.INVALID_PIECE_LENGTH, "power of two")),
            entry(
                    "v2_piece_layer_invalid_file_hash.torrent",
                    entry(MetainfoException.Kind.INVALID_PIECE_LAYER, "not a 32-byte pieces root")),
            entry("v2_piece_size.torrent", entry(MetainfoException.Kind.INVALID_PIECE_LENGTH, "between 1 and")),
            entry(
                    "v2_zero_root_small.torrent",
                    entry(MetainfoException.Kind.MISSING_PIECES_ROOT, "all-zero 'pieces root'")),
            entry("zero.torrent", entry(MetainfoException.Kind.INVALID_LENGTH, "total size is 0")),
            entry("corrupt.torrent", entry(MetainfoException.Kind.MISSING_NAME, "no 'name' string")));

    static List<Fixtures.Expected> rows() {
        return Fixtures.allExpected();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void agreesWithLibtorrentOnEveryFixture(Fixtures.Expected row) throws MetainfoException {
        byte[] torrent = Fixtures.bytes(row.corpus(), row.file());
        if (!row.valid()) {
            MetainfoException e = assertThrows(
                    MetainfoException.class, () -> MetainfoParser.lenient().parse(torrent));
            Map.Entry<MetainfoException.Kind, String> rule = REJECTIONS.get(row.file());
            assertThat(rule).as("a documented rejection for " + row.file()).isNotNull();
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(rule.getKey());
            assertThat(e.getMessage()).contains(rule.getValue());
            return;
        }
        Metainfo m = MetainfoParser.lenient().parse(torrent);
        assertThat(m.infoHashV1().map(InfoHash::hex).orElse("")).isEqualTo(row.v1InfoHash());
        assertThat(m.infoHashV2().map(InfoHash::hex).orElse("")).isEqualTo(row.v2InfoHash());
        assertThat(m.pieceCount()).isEqualTo(row.pieceCount());
        assertThat(m.pieceLength()).isEqualTo(row.pieceLength());
        assertThat(m.totalSize()).isEqualTo(row.totalSize());
        assertThat(m.fileCount()).isEqualTo(row.fileCount());
        if (UNSAFE_NAMES.contains(row.file())) {
            assertThat(m.nameProblem()).isPresent();
            assertThat(m.unsafePaths()).anyMatch(p -> p.startsWith("name '" + m.name() + "'"));
            assertThat(m.name()).isNotEqualTo(row.name());
        } else {
            assertThat(m.name()).isEqualTo(row.name());
            assertThat(m.nameProblem()).isEmpty();
        }
    }

    @Test
    void everyFixtureTorrentHasAVerdict() {
        for (String corpus : List.of("libtorrent", "webtorrent")) {
            assertThat(Fixtures.torrentFiles(corpus))
                    .containsExactlyInAnyOrderElementsOf(Fixtures.expected(corpus).stream()
                            .map(Fixtures.Expected::file)
                            .toList());
        }
        assertThat(rows()).hasSize(78);
        assertThat(REJECTIONS.keySet())
                .allMatch(f -> rows().stream().anyMatch(r -> r.file().equals(f) && !r.valid()));
    }

    @Test
    void flagsEveryPathLibtorrentWouldRewrite() throws MetainfoException {
        Set<String> flagged = new TreeSet<>();
        for (Fixtures.Expected row : rows()) {
            if (row.valid()) {
                Metainfo m = MetainfoParser.lenient().parse(Fixtures.bytes(row.corpus(), row.file()));
                if (m.hasUnsafePaths()) {
                    flagged.add(row.file());
                }
            }
        }
        assertThat(flagged)
                .containsExactly(
                        "absolute_filename.torrent",
                        "empty_path.torrent",
                        "invalid_filename2.torrent",
                        "invalid_name2.torrent",
                        "parent_path.torrent",
                        "slash_path.torrent",
                        "slash_path2.torrent",
                        "slash_path3.torrent",
                        "symlink_filtered_path.torrent",
                        "v2_invalid_filename2.torrent");
    }

    @Test
    void namesTheAcceptedFixturesThatNeedLenientBencode() throws MetainfoException {
        Set<String> lenientOnly = new TreeSet<>();
        for (Fixtures.Expected row : rows()) {
            if (!row.valid()) {
                continue;
            }
            byte[] torrent = Fixtures.bytes(row.corpus(), row.file());
            try {
                BencodeDecoder.strict().decode(torrent);
            } catch (BencodeException e) {
                lenientOnly.add(row.file());
                assertThat(MetainfoParser.lenient().parse(torrent).warnings()).isNotEmpty();
                assertThrows(
                        MetainfoException.class, () -> MetainfoParser.strict().parse(torrent));
            }
        }
        // trailing bytes after the root dictionary, or info keys out of order ("path" before "length")
        assertThat(lenientOnly)
                .containsExactly(
                        "large_piece_size.torrent",
                        "pad_file.torrent",
                        "pad_file_no_path.torrent",
                        "v2_invalid_filename2.torrent",
                        "v2_invalid_piece_layer_root.torrent");
    }
}
