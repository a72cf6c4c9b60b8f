package io.bitquark.metainfo.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A multipart/form-data body written byte for byte, so that tests control every part header. */
final class MultipartBody {

    static final String BOUNDARY = "----bitquark-test-7MA4YWxkTrZu0gW";
    static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A file part whose filename is {@code path}. */
    MultipartBody file(String path, byte[] content) {
        return part(
                "Content-Disposition: form-data; name=\"files\"; filename=\"" + path + "\"\r\n"
                        + "Content-Type: application/octet-stream\r\n",
                content);
    }

    /** A part with the given header lines (each ending with CRLF). */
    MultipartBody part(String headers, byte[] content) {
        out.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream done = new ByteArrayOutputStream();
        done.writeBytes(out.toByteArray());
        done.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return done.toByteArray();
    }
}
