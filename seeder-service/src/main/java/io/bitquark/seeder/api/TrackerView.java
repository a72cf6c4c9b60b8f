package io.bitquark.seeder.api;

/**
 * The last announce to one tracker.
 *
 * @param url          the announce URL
 * @param tier         its BEP 12 tier, from 0
 * @param lastAnnounce when the last announce finished (ISO-8601), or null before the first
 * @param result       {@code ok}, {@code failure} (the tracker refused), {@code error} (unreachable, timed out,
 *                     malformed answer) or {@code pending}
 * @param message      the failure reason, warning or error text
 * @param seeders      complete peers the tracker reported, or null
 * @param leechers     incomplete peers the tracker reported, or null
 * @param interval     the interval in force, in seconds, or null
 * @param nextAnnounce when the next announce is due (ISO-8601), or null
 */
public record TrackerView(String url, int tier, String lastAnnounce, String result, String message, Integer seeders,
        Integer leechers, Long interval, String nextAnnounce) {
}
