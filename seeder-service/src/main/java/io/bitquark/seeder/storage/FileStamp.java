package io.bitquark.seeder.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What a file looked like on disk: its size and modification time. Two stamps differ when the file was
 * written, truncated, extended or replaced since the first was taken (a rewrite that keeps size and
 * modification time, as {@code touch -r} can forge, goes unseen).
 *
 * @param size          bytes, or -1 when the file did not exist (or was not a regular file)
 * @param modifiedNanos modification time in nanoseconds since the epoch, as precise as the file system keeps it
 */
public record FileStamp(long size, long modifiedNanos) {

    /** The stamp of a file that is not there. */
    public static final FileStamp MISSING = new FileStamp(-1, 0);

    /** Stats {@code path} (following symlinks); missing, unreadable or not a regular file gives {@link #MISSING}. */
    public static FileStamp of(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return MISSING;
            }
            return new FileStamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        } catch (IOException e) {
            return MISSING;
        }
    }

    public boolean exists() {
        return size >= 0;
    }
}
