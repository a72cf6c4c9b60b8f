package io.bitquark.seeder.pool;

import io.bitquark.seeder.pool.PoolException.Kind;

/**
 * What one member reports of its copy of a pool torrent: {@link Stage#FETCHING} with its progress (the
 * verified fraction, 0 to 1), or {@link Stage#SEEDING}, a verified complete copy that is being seeded
 * (progress 1).
 */
public record CopyState(Stage stage, double progress) {

    /** Where a member's copy stands. */
    public enum Stage {
        /** Being downloaded and verified; not yet counted as a replica. */
        FETCHING,
        /** Complete, verified and seeding: counts as a replica. */
        SEEDING
    }

    public CopyState {
        if (stage == null) {
            throw new PoolException(Kind.INVALID, "a copy's stage is FETCHING or SEEDING");
        }
        if (!(progress >= 0 && progress <= 1)) {
            throw new PoolException(Kind.INVALID, "a copy's progress is from 0 to 1, got " + progress);
        }
        if (stage == Stage.SEEDING && progress != 1) {
            throw new PoolException(Kind.INVALID, "a seeding copy is complete (progress 1), got " + progress);
        }
    }

    /** A copy being fetched, {@code progress} (0 to 1) of it verified. */
    public static CopyState fetching(double progress) {
        return new CopyState(Stage.FETCHING, progress);
    }

    /** A verified, complete copy that is seeding. */
    public static CopyState seeding() {
        return new CopyState(Stage.SEEDING, 1);
    }

    /** The stored form: {@code S}, or {@code F} followed by the progress ({@code F0.25}). */
    String encode() {
        return stage == Stage.SEEDING ? "S" : "F" + progress;
    }

    /** Reads {@link #encode()}'s form. */
    static CopyState decode(String stored) {
        if ("S".equals(stored)) {
            return seeding();
        }
        if (stored != null && stored.startsWith("F")) {
            try {
                return fetching(Double.parseDouble(stored.substring(1)));
            } catch (NumberFormatException e) {
                // falls through to the failure below
            }
        }
        throw new PoolException(Kind.UNAVAILABLE, "a stored copy state is malformed: " + stored);
    }
}
