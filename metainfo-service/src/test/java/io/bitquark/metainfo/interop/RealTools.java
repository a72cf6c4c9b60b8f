package io.bitquark.metainfo.interop;

import static io.restassured.RestAssured.given;

import io.bitquark.testsupport.RedisServerProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real BitTorrent tools the interop tests drive. A missing tool fails the test with the command that
 * installs it ({@code ./bitquark test} installs them when run as root); it never skips.
 */
final class RealTools {

    /** The system interpreter: the Debian package installs the libtorrent binding for it, not for another python3 on PATH. */
    static final String PYTHON = "/usr/bin/python3";

    private static final long TIMEOUT_SECONDS = 60;

    private RealTools() {}

    static String mktorrent() {
        return RedisServerProcess.binary("mktorrent", "mktorrent");
    }

    /** {@value #PYTHON}, after checking that it can import libtorrent (python3-libtorrent). */
    static String pythonWithLibtorrent() {
        String fix = "python3-libtorrent is not installed for " + PYTHON + ". Install it with "
                + "'apt-get install -y python3-libtorrent', or run './bitquark test' as root, which installs it.";
        if (!new File(PYTHON).canExecute()) {
            throw new AssertionError(fix);
        }
        Result probe = run(List.of(PYTHON, "-c", "import libtorrent"));
        if (probe.exitCode() != 0) {
            throw new AssertionError(fix + "\n" + probe.output());
        }
        return PYTHON;
    }

    /** A script of src/test/resources/io/bitquark/metainfo/interop, as a file path. */
    static String script(String name) {
        try {
            return Path.of(RealTools.class.getResource(name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a finished tool printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {}

    /** Runs a command to its end (failing the test after {@value #TIMEOUT_SECONDS} s) and returns what it printed. */
    static Result run(List<String> command) {
        try {
            Path output = Files.createTempFile("bitquark-interop-", ".out");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(command.get(0) + " did not finish within " + TIMEOUT_SECONDS + " s: "
                            + Files.readString(output, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command.get(0), e);
        }
    }

    /** The hosted .torrent of a torrent created through the API. */
    static byte[] hostedTorrent(String id) {
        return given().get("/torrents/" + id + ".torrent")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
    }
}
