package io.bitquark.seeder.announce;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * The last announce to one tracker of a torrent, as {@code GET /api/torrents/{infoHash}} shows it. Fields
 * that are not known yet are null.
 *
 * @param url          the announce URL
 * @param tier         its BEP 12 tier, from 0
 * @param lastAnnounce when the last answer (or error) came
 * @param lastEvent    the event of that announce: {@code started}, {@code completed}, {@code stopped}, or
 *                     {@code update} for a regular one
 * @param lastResult   what came of it
 * @param message      the failure reason, the error, or the tracker's {@code warning message}
 * @param seeders      the swarm's seeders ({@code complete}) by the last answer
 * @param leechers     the swarm's leechers ({@code incomplete}) by the last answer
 * @param peers        how many peers the last answer listed
 * @param interval     the tracker's {@code interval}, in seconds
 * @param minInterval  the tracker's {@code min interval}, in seconds
 * @param nextAnnounce when this tracker is next announced to; null when it is not scheduled (a tracker
 *                     behind a working one in BEP 12 order, one that said {@code retry in: never}, a
 *                     stopped torrent) or while an announce is under way
 */
public record TrackerStatus(
        String url,
        int tier,
        Instant lastAnnounce,
        String lastEvent,
        Result lastResult,
        String message,
        Integer seeders,
        Integer leechers,
        Integer peers,
        Integer interval,
        Integer minInterval,
        Instant nextAnnounce) {

    /** What came of an announce. */
    public enum Result {
        /** The tracker answered with an interval (and perhaps a warning). */
        OK,
        /** The tracker refused: {@code failure reason} or a BEP 15 error packet. */
        FAILURE,
        /** No usable answer: unreachable, timed out, or not a tracker response. */
        ERROR;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
