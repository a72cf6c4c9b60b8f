package io.bitquark.metainfo.upload;

import io.bitquark.protocol.storage.PathSafety;
import io.bitquark.rest.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The names an upload may write: the rules of {@link PathSafety} for a relative path (no absolute path in
 * POSIX or Windows form, no drive letter) and, stricter, for each component (no empty, {@code .} or
 * {@code ..} component, no separator inside a component, no NUL), plus what file systems take: at most
 * {@value #MAX_COMPONENT_BYTES} bytes per component and {@value #MAX_PATH_BYTES} per path, no control
 * characters.
 */
public final class UploadPaths {

    public static final int MAX_COMPONENT_BYTES = 255;
    public static final int MAX_PATH_BYTES = 4000;

    private UploadPaths() {}

    /** Checks one name; a 400 problem naming {@code what} when it is unsafe. */
    public static void checkComponent(String component, String what) {
        Optional<String> problem = PathSafety.componentProblem(component);
        if (problem.isPresent()) {
            throw ApiProblem.badRequest(what + " is not a safe file name: " + problem.get());
        }
        if (component.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
            throw ApiProblem.badRequest(what + " is longer than " + MAX_COMPONENT_BYTES + " bytes");
        }
        for (int i = 0; i < component.length(); i++) {
            if (Character.isISOControl(component.charAt(i))) {
                throw ApiProblem.badRequest(what + " contains a control character");
            }
        }
    }

    /** Splits a relative path on {@code /} and checks it; a 400 problem naming {@code what} when it is unsafe. */
    public static List<String> relativePath(String path, String what) {
        if (path == null || path.isEmpty()) {
            throw ApiProblem.badRequest(what + " has no file name");
        }
        Optional<String> problem = PathSafety.relativePathProblem(path);
        if (problem.isPresent()) {
            throw ApiProblem.badRequest(what + " must be a safe relative path: '" + path + "': " + problem.get());
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw ApiProblem.badRequest(what + " is longer than " + MAX_PATH_BYTES + " bytes");
        }
        List<String> components = Arrays.asList(path.split("/", -1));
        for (String c : components) {
            checkComponent(c, what + " '" + path + "'");
        }
        return components;
    }
}
