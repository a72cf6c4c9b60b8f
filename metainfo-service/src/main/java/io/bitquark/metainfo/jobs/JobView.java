package io.bitquark.metainfo.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.bitquark.metainfo.api.TorrentView;
import java.time.Instant;

/**
 * A job as JSON ({@code GET /api/jobs/{id}} and each server-sent event).
 *
 * @param state       {@code queued}, {@code running}, {@code done}, {@code failed} or {@code cancelled}
 * @param bytesHashed content bytes hashed so far; never decreases, and equals {@code totalBytes} once done
 * @param percent     {@code bytesHashed} as a percentage of {@code totalBytes}, rounded down to a tenth
 * @param result      the hosted torrent, once done
 * @param created     once done: whether the torrent was hosted by this job ({@code false}: its info-hash
 *                    was already hosted, and {@code result} is the existing one)
 * @param error       why the job failed, as an RFC 7807 problem
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        String id,
        String state,
        long bytesHashed,
        long totalBytes,
        double percent,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        TorrentView result,
        Boolean created,
        Problem error) {

    /** An RFC 7807 problem, as {@code ProblemMapper} writes it. */
    public record Problem(String type, String title, int status, String detail) {}

    static double percent(long done, long total) {
        if (total <= 0) {
            return done >= total ? 100.0 : 0.0;
        }
        return Math.floor(Math.min(done, total) * 1000.0 / total) / 10.0;
    }
}
