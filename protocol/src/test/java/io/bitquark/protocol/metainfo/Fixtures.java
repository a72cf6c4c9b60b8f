package io.bitquark.protocol.metainfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the fixture torrents under {@code src/test/resources/fixtures/} and their EXPECTED.tsv verdicts. */
final class Fixtures {

    /** One row of EXPECTED.tsv: libtorrent 2.0.8's verdict on one file. */
    record Expected(
            String corpus,
            String file,
            boolean valid,
            String v1InfoHash,
            String v2InfoHash,
            String name,
            long totalSize,
            int fileCount,
            int pieceCount,
            long pieceLength,
            String error) {

        @Override
        public String toString() {
            return corpus + "/" + file;
        }
    }

    private Fixtures() {}

    static byte[] bytes(String corpus, String file) {
        String resource = "/fixtures/" + corpus + "/" + file;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the .torrent files in a fixture corpus. */
    static List<String> torrentFiles(String corpus) {
        try (Stream<Path> files = Files.list(
                Path.of(Fixtures.class.getResource("/fixtures/" + corpus).toURI()))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".torrent"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Expected> expected(String corpus) {
        String tsv = new String(bytes(corpus, "EXPECTED.tsv"), StandardCharsets.UTF_8);
        List<Expected> rows = new ArrayList<>();
        String[] lines = tsv.split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] c = lines[i].split("\t", -1);
            boolean valid = c[1].equals("valid");
            rows.add(new Expected(
                    corpus,
                    c[0],
                    valid,
                    c[2],
                    c[3],
                    c[4],
                    valid ? Long.parseLong(c[5]) : -1,
                    valid ? Integer.parseInt(c[6]) : -1,
                    valid ? Integer.parseInt(c[7]) : -1,
                    valid ? Long.parseLong(c[8]) : -1,
                    c[9]));
        }
        return rows;
    }

    static List<Expected> allExpected() {
        List<Expected> all = new ArrayList<>(expected("libtorrent"));
        all.addAll(expected("webtorrent"));
        return all;
    }
}
