package io.bitquark.seeder.storage;

import java.util.BitSet;

/**
 * What a restart does with saved {@link ResumeData}: which verified pieces it takes as they are, and which
 * pieces it hashes again. A partial check of {@link #recheck()} followed by {@link #complete} gives the state to
 * {@link TorrentStorage#accept accept}.
 *
 * @param usable  false when the saved data does not belong to this torrent at this content path (or none
 *                could be read): every piece is rechecked
 * @param trusted pieces taken as verified without hashing
 * @param recheck pieces to hash: every piece of every file whose size or modification time changed
 * @param reason  what made pieces need a recheck, for the log; empty when nothing did
 */
public record ResumePlan(boolean usable, BitSet trusted, BitSet recheck, String reason) {

    public ResumePlan {
        trusted = (BitSet) trusted.clone();
        recheck = (BitSet) recheck.clone();
    }

    /** A full check of every piece of {@code storage}. */
    public static ResumePlan fullCheck(TorrentStorage storage, String reason) {
        BitSet all = new BitSet(storage.pieceCount());
        all.set(0, storage.pieceCount());
        return new ResumePlan(false, new BitSet(), all, reason);
    }

    @Override
    public BitSet trusted() {
        return (BitSet) trusted.clone();
    }

    @Override
    public BitSet recheck() {
        return (BitSet) recheck.clone();
    }

    /** Whether the saved state stands as it is, with nothing to hash. */
    public boolean nothingToCheck() {
        return recheck.isEmpty();
    }

    /** The trusted pieces together with those the recheck verified, valid for the recheck's stamps. */
    public CheckResult complete(CheckResult recheckResult) {
        BitSet verified = recheckResult.verified();
        verified.and(recheck);
        verified.or(trusted);
        return new CheckResult(verified, recheckResult.stamps());
    }
}
