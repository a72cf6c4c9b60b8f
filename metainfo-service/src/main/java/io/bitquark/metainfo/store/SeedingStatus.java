package io.bitquark.metainfo.store;

/**
 * Whether a torrent was handed to seeder-service, and what came of it.
 *
 * @param started whether the seeder accepted it
 * @param state   the seeder's state for it ({@code checking}, {@code seeding}, …), or {@code not-requested} /
 *                {@code unavailable}
 * @param reason  why seeding did not start, when it did not
 */
public record SeedingStatus(boolean started, String state, String reason) {

    public static SeedingStatus notRequested() {
        return new SeedingStatus(false, "not-requested", null);
    }
}
