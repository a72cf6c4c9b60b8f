package io.bitquark.metainfo.api;

import io.bitquark.rest.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.server.multipart.FileItem;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * The parts of a {@code multipart/form-data} request, read strictly: unknown and repeated parts are a 400,
 * and every part is read with a bound.
 *
 * <p>A part sent with a file name (or a binary {@code Content-Type}) arrives as a file item and is read as
 * bytes; a plain form field arrives as text. Binary parts such as a .torrent must be sent as files
 * ({@code curl -F torrent=@x.torrent}): a text field is decoded as characters, which would corrupt them.
 */
final class MultipartParts {

    private final Map<String, Collection<FormValue>> values;

    private MultipartParts(Map<String, Collection<FormValue>> values) {
        this.values = values;
    }

    /** The parts of a request, refusing any part not named in {@code known}. */
    static MultipartParts of(MultipartFormDataInput input, Set<String> known) {
        Map<String, Collection<FormValue>> values = input == null ? Map.of() : input.getValues();
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw ApiProblem.badRequest(
                    "unknown multipart part(s) " + unknown + "; known parts: " + new TreeSet<>(known));
        }
        return new MultipartParts(values);
    }

    /** A binary part, which must have been sent as a file; empty when absent. */
    Optional<byte[]> file(String name, int maxBytes) {
        Optional<FormValue> part = single(name);
        if (part.isEmpty()) {
            return Optional.empty();
        }
        if (!part.get().isFileItem()) {
            throw ApiProblem.badRequest("the '" + name + "' part must be sent as a file (with a filename, e.g. curl -F "
                    + name + "=@file), not as a text field");
        }
        byte[] bytes = read(part.get().getFileItem(), name, maxBytes);
        if (bytes.length == 0) {
            throw ApiProblem.badRequest("the '" + name + "' part is empty");
        }
        return Optional.of(bytes);
    }

    /** A text part, sent either as a form field or as a file holding UTF-8 text; empty when absent. */
    Optional<String> text(String name, int maxBytes) {
        Optional<FormValue> part = single(name);
        if (part.isEmpty()) {
            return Optional.empty();
        }
        if (part.get().isFileItem()) {
            return Optional.of(new String(read(part.get().getFileItem(), name, maxBytes), StandardCharsets.UTF_8));
        }
        String value = part.get().getValue();
        if (value != null && value.length() > maxBytes) {
            throw new ApiProblem(
                    413, "Part too large", "the '" + name + "' part may be at most " + maxBytes + " bytes");
        }
        return Optional.ofNullable(value);
    }

    private Optional<FormValue> single(String name) {
        Collection<FormValue> parts = values.get(name);
        if (parts == null || parts.isEmpty()) {
            return Optional.empty();
        }
        if (parts.size() > 1) {
            throw ApiProblem.badRequest("the '" + name + "' part is sent " + parts.size() + " times; send it once");
        }
        return Optional.of(new ArrayList<>(parts).get(0));
    }

    private static byte[] read(FileItem item, String name, int maxBytes) {
        try {
            if (item.getFileSize() > maxBytes) {
                throw new ApiProblem(
                        413, "Part too large", "the '" + name + "' part may be at most " + maxBytes + " bytes");
            }
            try (InputStream in = item.getInputStream()) {
                byte[] bytes = in.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw new ApiProblem(
                            413, "Part too large", "the '" + name + "' part may be at most " + maxBytes + " bytes");
                }
                return bytes;
            }
        } catch (IOException e) {
            throw ApiProblem.badRequest("could not read the '" + name + "' part: " + e.getMessage());
        }
    }
}
