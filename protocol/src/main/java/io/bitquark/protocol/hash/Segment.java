package io.bitquark.protocol.hash;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One stretch of a torrent's content as the v1 piece hasher sees it: the bytes of a file on disk, or a
 * run of zero bytes standing for a BEP 47 pad file, which is never read from disk.
 *
 * <pre>
 * content  = file a (10 000 B) | pad (6 384 B) | file b (40 000 B) ...
 * pieces   = |&lt;-- piece 0: 16 KiB --&gt;|&lt;-- piece 1 --&gt;|&lt;-- piece 2 --&gt;| ...   (pieces cross segments)
 * </pre>
 */
public sealed interface Segment permits Segment.FileSegment, Segment.PadSegment {

    /** How many bytes this segment contributes to the content. */
    long length();

    static FileSegment file(Path path, long length) {
        return new FileSegment(path, length);
    }

    static PadSegment padding(long length) {
        return new PadSegment(length);
    }

    /** The first {@code length} bytes of the file at {@code path}, which must be exactly that long. */
    record FileSegment(Path path, long length) implements Segment {
        public FileSegment {
            Objects.requireNonNull(path, "path");
            if (length < 0) {
                throw new IllegalArgumentException("file length must not be negative: " + length + " for " + path);
            }
        }
    }

    /** {@code length} zero bytes: a BEP 47 pad file (attribute {@code p}). */
    record PadSegment(long length) implements Segment {
        public PadSegment {
            if (length < 0) {
                throw new IllegalArgumentException("pad length must not be negative: " + length);
            }
        }
    }
}
