package io.bitquark.protocol.magnet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The BEP 53 {@code so} parameter: which files of the torrent to download, by index in the file list, as
 * comma-separated indexes and inclusive ranges.
 *
 * <pre>
 * so=0,2,4-6        files 0, 2, 4, 5 and 6
 * </pre>
 *
 * <p>Ranges are kept as ranges (a peer cannot make us expand {@code 0-2147483647}) and normalised: sorted,
 * overlapping and adjacent ones merged. So {@code 4-6,0,5,1} and {@code 0-1,4-6} are equal and both print
 * as the latter.
 */
public final class SelectOnly {

    /** Files {@code first} to {@code last}, both included. */
    public record Range(int first, int last) {
        public Range {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("invalid file range " + first + "-" + last);
            }
        }

        @Override
        public String toString() {
            return first == last ? Integer.toString(first) : first + "-" + last;
        }
    }

    private final List<Range> ranges;

    private SelectOnly(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** The selection of exactly these file indexes. */
    public static SelectOnly of(int... indexes) {
        List<Range> ranges = new ArrayList<>();
        for (int index : indexes) {
            ranges.add(new Range(index, index));
        }
        return ofRanges(ranges);
    }

    public static SelectOnly ofRanges(List<Range> ranges) {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("a selection needs at least one file");
        }
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(Range::first));
        List<Range> merged = new ArrayList<>();
        Range current = sorted.get(0);
        for (int i = 1; i < sorted.size(); i++) {
            Range next = sorted.get(i);
            if ((long) next.first() <= (long) current.last() + 1) {
                current = new Range(current.first(), Math.max(current.last(), next.last()));
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        return new SelectOnly(merged);
    }

    /** Parses the value of {@code so}, such as {@code 0,2,4-6}. */
    public static SelectOnly parse(String value) throws MagnetException {
        if (value.isEmpty()) {
            throw new MagnetException("bad so: empty file selection");
        }
        List<Range> ranges = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            int dash = item.indexOf('-');
            int first = index(dash < 0 ? item : item.substring(0, dash), value);
            int last = dash < 0 ? first : index(item.substring(dash + 1), value);
            if (last < first) {
                throw new MagnetException("bad so: range " + item + " ends before it starts in '" + value + "'");
            }
            ranges.add(new Range(first, last));
        }
        return ofRanges(ranges);
    }

    private static int index(String digits, String value) throws MagnetException {
        if (digits.isEmpty() || digits.length() > 10) {
            throw new MagnetException("bad so: '" + digits + "' is not a file index in '" + value + "'");
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new MagnetException("bad so: '" + digits + "' is not a file index in '" + value + "'");
            }
            n = n * 10 + (c - '0');
        }
        if (n > Integer.MAX_VALUE) {
            throw new MagnetException("bad so: file index " + digits + " is too large in '" + value + "'");
        }
        return (int) n;
    }

    /** The normalised ranges, ascending. */
    public List<Range> ranges() {
        return ranges;
    }

    public boolean contains(int fileIndex) {
        for (Range r : ranges) {
            if (fileIndex >= r.first() && fileIndex <= r.last()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SelectOnly other && other.ranges.equals(ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    /** The canonical {@code so} value. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Range r : ranges) {
            out.append(out.length() == 0 ? "" : ",").append(r);
        }
        return out.toString();
    }
}
