package io.bitquark.seeder.download;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One web seed of a downloading torrent, as {@code GET /api/torrents/{id}} shows it.
 *
 * @param url        the URL from the metainfo
 * @param type       {@code url-list} (BEP 19) or {@code httpseeds} (BEP 17)
 * @param state      what it is doing
 * @param downloaded bytes of verified pieces it sent
 * @param failures   its failures in a row (errors and pieces that failed their hash)
 * @param error      its last failure, or null (cleared by a piece it sent that passed its hash)
 */
public record WebSeedStatus(String url, String type, State state, long downloaded, int failures, String error) {

    /** What a web seed is doing. */
    public enum State {
        /** Fetching pieces. */
        DOWNLOADING,
        /** Nothing to fetch from it for now: every piece it may send is verified or being fetched elsewhere. */
        IDLE,
        /** Waiting after a failure before it is asked again. */
        BACKING_OFF,
        /** Given up on after too many failures in a row; {@code error} says why. */
        DROPPED,
        /** The download ended (completed, paused, removed or failed). */
        STOPPED;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
