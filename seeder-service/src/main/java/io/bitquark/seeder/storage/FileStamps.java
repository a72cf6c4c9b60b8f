package io.bitquark.seeder.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The stamps of a torrent's data files: the baseline (taken just before the check whose results stand, the
 * stamps fast resume saves; {@link FileStamp#MISSING} until a check is accepted) and the last one observed while serving, refreshed at most once per file per
 * {@link ChangeDetection#interval()}.
 */
final class FileStamps {

    private final List<StorageFile> files;
    private final ChangeDetection detection;
    private final AtomicReferenceArray<FileStamp> baseline;
    private final AtomicReferenceArray<FileStamp> observed;
    private final AtomicLongArray lastStat;

    FileStamps(List<StorageFile> files, ChangeDetection detection) {
        this.files = files;
        this.detection = detection;
        baseline = new AtomicReferenceArray<>(files.size());
        observed = new AtomicReferenceArray<>(files.size());
        lastStat = new AtomicLongArray(files.size());
        reset(Collections.nCopies(files.size(), FileStamp.MISSING));
    }

    /** Stats every file now. */
    List<FileStamp> current() {
        List<FileStamp> stamps = new ArrayList<>(files.size());
        for (StorageFile f : files) {
            stamps.add(FileStamp.of(f.path()));
        }
        return stamps;
    }

    /** Takes {@code stamps} (one per file) as both baseline and last observed; the next stat is an interval away. */
    void reset(List<FileStamp> stamps) {
        if (stamps.size() != files.size()) {
            throw new IllegalArgumentException(stamps.size() + " stamps for " + files.size() + " files");
        }
        long now = detection.clock().getAsLong();
        for (int i = 0; i < files.size(); i++) {
            baseline.set(i, stamps.get(i));
            observed.set(i, stamps.get(i));
            lastStat.set(i, now);
        }
    }

    List<FileStamp> baseline() {
        List<FileStamp> stamps = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            stamps.add(baseline.get(i));
        }
        return stamps;
    }

    /**
     * File {@code index} was written by us: its new stamp is the one verified pieces hold for, not a change from
     * outside to re-verify them against.
     */
    void written(int index) {
        FileStamp now = FileStamp.of(files.get(index).path());
        baseline.set(index, now);
        observed.set(index, now);
    }

    /**
     * Stats file {@code index} when detection is on and its interval has passed since the last stat; true
     * when the file differs from what was last observed, which happens once per change: the caller
     * re-verifies the file's pieces. Concurrent callers stat at most once between them.
     */
    boolean poll(int index) {
        if (!detection.enabled()) {
            return false;
        }
        long now = detection.clock().getAsLong();
        long last = lastStat.get(index);
        if (now - last < detection.intervalNanos() || !lastStat.compareAndSet(index, last, now)) {
            return false;
        }
        FileStamp seen = observed.get(index);
        FileStamp current = FileStamp.of(files.get(index).path());
        return !current.equals(seen) && observed.compareAndSet(index, seen, current);
    }
}
