package io.bitquark.metainfo.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bitquark.rest.ApiProblem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

    static final String BOUNDARY = "b0undary";

    /** Hands out at most a random number of bytes per read, as a network would. */
    static InputStream trickle(byte[] body, Random random) {
        return new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(random.nextBoolean() ? 7 : 70_000)));
            }
        };
    }

    static byte[] body(List<String> names, List<byte[]> contents, String preamble, String epilogue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < names.size(); i++) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\""
                            + names.get(i) + "\"\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(contents.get(i));
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--" + epilogue).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static List<byte[]> readAll(MultipartReader reader, List<String> filenames) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        for (MultipartReader.Part p = reader.next(); p != null; p = reader.next()) {
            filenames.add(p.disposition().get("filename"));
            parts.add(p.body().readAllBytes());
        }
        return parts;
    }

    /**
     * Content made to look like the delimiter: CRs, LFs, dashes and prefixes of the boundary, but never the
     * whole delimiter (which multipart content cannot hold).
     */
    static byte[] nearlyDelimiters(Random random, int size) {
        String content = new String(lookalikes(random, size), StandardCharsets.ISO_8859_1);
        return content.replace("\r\n--" + BOUNDARY, "\r\n--" + BOUNDARY.toUpperCase())
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] lookalikes(Random random, int size) {
        String[] pieces = {
            "\r",
            "\n",
            "\r\n",
            "-",
            "--",
            "\r\n-",
            "\r\n--",
            "\r\n--b0und",
            "\r\n--b0undar",
            "b0undary",
            "\r\n--b0undarx",
            "x"
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < size) {
            if (random.nextInt(4) == 0) {
                byte[] noise = new byte[random.nextInt(50)];
                random.nextBytes(noise);
                out.writeBytes(noise);
            } else {
                out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return out.toByteArray();
    }

    @Test
    void readsEveryPartByteForByteWhateverTheChunkingAndContent() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            int count = random.nextInt(5);
            List<String> names = new ArrayList<>();
            List<byte[]> contents = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                names.add("dir/file-" + i + ".bin");
                int size = random.nextInt(4) == 0 ? 0 : random.nextInt(random.nextBoolean() ? 100 : 200_000);
                contents.add(nearlyDelimiters(random, size));
            }
            String preamble = random.nextBoolean() ? "" : "ignored preamble\r\n";
            String epilogue = random.nextBoolean() ? "" : "\r\nignored epilogue";
            byte[] body = body(names, contents, preamble, epilogue);

            List<String> filenames = new ArrayList<>();
            List<byte[]> read = readAll(new MultipartReader(trickle(body, random), BOUNDARY), filenames);

            assertThat(filenames).as("round %d", round).isEqualTo(names);
            assertThat(read).as("round %d", round).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(read.get(i)).as("round %d part %d", round, i).isEqualTo(contents.get(i));
            }
        }
    }

    @Test
    void skipsWhatIsLeftOfAPartNotReadToTheEnd() throws IOException {
        byte[] body = body(List.of("a", "b"), List.of(new byte[100_000], "second".getBytes()), "", "");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
        reader.next().body().read(new byte[10]);
        assertThat(reader.next().body().readAllBytes()).isEqualTo("second".getBytes());
        assertThat(reader.next()).isNull();
    }

    @Test
    void readsHeadersAndRfc8187Filenames() throws IOException {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"x\"; filename=\"q\\\"uote;d.txt\"; "
                + "filename*=UTF-8''%C3%A9t%C3%A9.txt\r\nContent-Type: text/plain\r\n\r\nhi\r\n--" + BOUNDARY + "--";
        MultipartReader.Part part = new MultipartReader(new ByteArrayInputStream(body.getBytes()), BOUNDARY).next();
        Map<String, String> disposition = part.disposition();
        assertThat(disposition)
                .containsEntry("name", "x")
                .containsEntry("filename", "q\"uote;d.txt")
                .containsEntry("filename*", "été.txt");
        assertThat(part.headers()).containsEntry("content-type", "text/plain");
    }

    @Test
    void findsTheBoundaryInTheContentType() {
        assertThat(MultipartReader.boundary("multipart/form-data; boundary=abc"))
                .isEqualTo("abc");
        assertThat(MultipartReader.boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\""))
                .isEqualTo("a b:c");
        assertThrows(ApiProblem.class, () -> MultipartReader.boundary("multipart/form-data"));
        assertThrows(ApiProblem.class, () -> MultipartReader.boundary("multipart/mixed; boundary=abc"));
        assertThrows(
                ApiProblem.class, () -> MultipartReader.boundary("multipart/form-data; boundary=" + "x".repeat(71)));
        assertThrows(ApiProblem.class, () -> MultipartReader.boundary(null));
    }

    @Test
    void refusesBodiesThatAreNotMultipart() {
        assertThrows(
                ApiProblem.class, () -> new MultipartReader(new ByteArrayInputStream(new byte[0]), BOUNDARY).next());
        assertThrows(ApiProblem.class, () -> new MultipartReader(new ByteArrayInputStream(new byte[200_000]), BOUNDARY)
                .next());
        byte[] unterminated = ("--" + BOUNDARY + "\r\n\r\nbody without end").getBytes();
        assertThrows(ApiProblem.class, () -> new MultipartReader(new ByteArrayInputStream(unterminated), BOUNDARY)
                .next()
                .body()
                .readAllBytes());
        byte[] hugeHeader =
                ("--" + BOUNDARY + "\r\nX: " + "y".repeat(MultipartReader.MAX_HEADER_BYTES) + "\r\n\r\n").getBytes();
        assertThrows(
                ApiProblem.class, () -> new MultipartReader(new ByteArrayInputStream(hugeHeader), BOUNDARY).next());
        byte[] badUtf8 = concat(
                ("--" + BOUNDARY + "\r\nX: ").getBytes(), new byte[] {(byte) 0xC3, (byte) 0x28}, "\r\n\r\n".getBytes());
        assertThrows(ApiProblem.class, () -> new MultipartReader(new ByteArrayInputStream(badUtf8), BOUNDARY).next());
        byte[] badBoundaryLine = ("--" + BOUNDARY + "junk\r\n\r\n").getBytes();
        assertThrows(ApiProblem.class, () -> new MultipartReader(new ByteArrayInputStream(badBoundaryLine), BOUNDARY)
                .next());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
