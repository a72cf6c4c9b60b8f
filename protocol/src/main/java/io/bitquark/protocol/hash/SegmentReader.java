package io.bitquark.protocol.hash;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The piece space of a layout of {@link Segment}s, read with positional {@link FileChannel} reads: file
 * segments from disk, pad segments as zeros that are never read. One reader belongs to one hashing task; it
 * keeps the channel of the file it last read open while reads stay in that file. A file whose size is not the
 * layout's length is refused when it is opened.
 */
final class SegmentReader implements PieceSource, Closeable {

    private static final byte[] ZEROS = new byte[16 * 1024];

    private final List<Segment> segments;
    private final long[] starts;
    private FileChannel channel;
    private int channelSegment = -1;

    /** @param starts the offset of each segment in the piece space */
    SegmentReader(List<Segment> segments, long[] starts) {
        this.segments = segments;
        this.starts = starts;
    }

    /** The offset of each segment of {@code segments}, and their total as the last element. */
    static long[] offsets(List<? extends Segment> segments) {
        long[] starts = new long[segments.size() + 1];
        for (int i = 0; i < segments.size(); i++) {
            try {
                starts[i + 1] = Math.addExact(starts[i], segments.get(i).length());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("total content length overflows 64 bits", e);
            }
        }
        return starts;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        int s = segmentAt(offset);
        long at = offset;
        while (dst.hasRemaining()) {
            if (s >= segments.size()) {
                throw new EOFException("byte " + at + " is past the end of the content (" + starts[s] + " bytes)");
            }
            long within = at - starts[s];
            int n = (int) Math.min(segments.get(s).length() - within, dst.remaining());
            if (segments.get(s) instanceof Segment.FileSegment file) {
                readFile(s, file, within, dst, n);
            } else {
                for (int left = n; left > 0; left -= ZEROS.length) {
                    dst.put(ZEROS, 0, Math.min(left, ZEROS.length));
                }
            }
            at += n;
            s++;
        }
    }

    private void readFile(int segment, Segment.FileSegment file, long position, ByteBuffer dst, int n)
            throws IOException {
        FileChannel source = channel(segment, file);
        int limit = dst.limit();
        int begin = dst.position();
        dst.limit(begin + n);
        try {
            while (dst.hasRemaining()) {
                long at = position + dst.position() - begin;
                if (source.read(dst, at) < 0) {
                    throw new EOFException(file.path() + " ended at byte " + at + " of " + file.length());
                }
            }
        } finally {
            dst.limit(limit);
        }
    }

    /** The segment holding byte {@code offset} (never an empty one), or the segment count past the end. */
    private int segmentAt(long offset) {
        return lastAtOrBefore(starts, segments.size() + 1, offset);
    }

    /**
     * The last of the first {@code count} ascending {@code values} that is at most {@code value} (the first
     * must be): with runs of equal values, the last of the run.
     */
    static int lastAtOrBefore(long[] values, int count, long value) {
        int low = 0;
        int high = count - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (values[mid] <= value) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private FileChannel channel(int segment, Segment.FileSegment file) throws IOException {
        if (segment != channelSegment) {
            close();
            channel = open(file);
            channelSegment = segment;
        }
        return channel;
    }

    private static FileChannel open(Segment.FileSegment file) throws IOException {
        FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size != file.length()) {
                throw new IOException(file.path() + " is " + size + " bytes long, the layout says " + file.length());
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        channelSegment = -1;
        if (channel != null) {
            FileChannel c = channel;
            channel = null;
            c.close();
        }
    }
}
