package io.bitquark.seeder.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.rest.ApiProblem;
import io.bitquark.seeder.torrent.TorrentException;
import io.bitquark.seeder.torrent.TorrentException.Kind;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP face of each refusal of the domain: its status and problem title, with the domain's detail as it is.
 * The REST tests reach most kinds through real calls; this table also pins those they do not provoke (a state
 * directory that cannot be written, an interrupted fetch).
 */
class TorrentProblemsTest {

    @ParameterizedTest
    @CsvSource({
        "INVALID_REQUEST,      400, Bad request",
        "MALFORMED,            422, Malformed torrent",
        "UNSEEDABLE,           422, Unprocessable torrent",
        "ALREADY_ADDED,        409, Conflict",
        "DATA_OUTSIDE_ROOT,    409, Conflict",
        "NO_METADATA_SOURCE,   422, No metadata source",
        "METADATA_NOT_FETCHED, 422, Metadata not fetched",
        "SHUTTING_DOWN,        503, Shutting down",
        "STATE_NOT_SAVED,      507, State not saved",
        "NOT_FULLY_REMOVED,    507, Not fully removed",
    })
    void eachKindHasItsStatusAndTitle(Kind kind, int status, String title) {
        ApiProblem problem = TorrentProblems.problem(new TorrentException(kind, "what to fix", new IOException()));

        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.title()).isEqualTo(title);
        assertThat(problem.getMessage()).isEqualTo("what to fix");
        assertThat(problem.offset()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "417, 417", "-1, "})
    void aMalformedTorrentKeepsTheOffsetWhenKnown(long offset, Long expected) {
        ApiProblem problem = TorrentProblems.problem(TorrentException.malformed("bad", offset, null));

        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.offset()).isEqualTo(expected);
    }
}
