package io.bitquark.metainfo.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * What {@code POST /api/verify} found, like {@code imdl torrent verify}: each file's state, the bad pieces as
 * inclusive index ranges, and a summary.
 *
 * @param checkedWith {@code v1} (SHA-1 pieces; v1 and hybrid torrents) or {@code v2} (merkle roots and piece
 *                    layers; v2-only torrents)
 * @param badPieces   every bad piece, as ranges
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyReport(
        String name,
        String infoHash,
        String infoHashV2,
        String checkedWith,
        long pieceLength,
        List<FileResult> files,
        List<PieceRange> badPieces,
        Summary summary) {

    /** A file's state. */
    public enum Status {
        /** Present, the right size, and every piece it is part of is good. */
        OK,
        /** Absent (or not a regular file). */
        MISSING,
        /** Present with another size; its pieces are bad. */
        WRONG_SIZE,
        /** The right size, but some piece it is part of does not match. */
        CORRUPT;

        /** As JSON: {@code ok}, {@code missing}, {@code wrong-size}, {@code corrupt}. */
        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One file (pad files left out).
     *
     * @param path         the path inside the torrent, joined with '/'
     * @param actualLength the size found on disk, for {@code wrong-size}
     * @param badPieces    the bad pieces the file is part of, when there are any
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileResult(String path, long length, Status status, Long actualLength, List<PieceRange> badPieces) {}

    /** Pieces {@code first} to {@code last}, both included. */
    public record PieceRange(int first, int last) {}

    /** {@code ok} when every piece is good and every file is present with its size. */
    public record Summary(int pieces, int goodPieces, int badPieces, boolean ok) {}

    /** The set bits of {@code bad} between {@code from} and {@code to} (inclusive) as ranges. */
    static List<PieceRange> ranges(BitSet bad, int from, int to) {
        List<PieceRange> ranges = new ArrayList<>();
        int i = bad.nextSetBit(from);
        while (i >= 0 && i <= to) {
            int end = Math.min(bad.nextClearBit(i) - 1, to);
            ranges.add(new PieceRange(i, end));
            i = end + 1 > to ? -1 : bad.nextSetBit(end + 1);
        }
        return ranges;
    }
}
