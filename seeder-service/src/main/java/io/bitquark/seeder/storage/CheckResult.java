package io.bitquark.seeder.storage;

import java.util.BitSet;
import java.util.List;

/**
 * What a hash check found: the pieces that verified, and the stamps of the data files taken just before the
 * check read them, which the verified pieces are valid for.
 *
 * @param verified the pieces that matched their hashes
 * @param stamps   one per data file, in {@link TorrentStorage#files()} order
 */
public record CheckResult(BitSet verified, List<FileStamp> stamps) {

    public CheckResult {
        verified = (BitSet) verified.clone();
        stamps = List.copyOf(stamps);
    }

    @Override
    public BitSet verified() {
        return (BitSet) verified.clone();
    }
}
