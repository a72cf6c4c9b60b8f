package io.bitquark.protocol.metainfo;

import java.util.List;
import java.util.Optional;

/**
 * Whether a torrent's names and path components can be created under a directory as they are.
 *
 * <p>A component is unsafe when it is empty, {@code "."} or {@code ".."}, or holds a {@code '/'} or
 * {@code '\\'} separator (which also covers absolute paths such as {@code "/etc"}) or a NUL byte. Where
 * libtorrent silently rewrites such names (dropping {@code ".."}, stripping separators, replacing empty
 * components with {@code "_"}), BitQuark keeps them as they are, reports them through
 * {@link Metainfo#unsafePaths()}, and {@link ContentLayout} refuses to map them onto a disk.
 */
public final class PathSafety {

    private PathSafety() {}

    /** What is unsafe about one path component or name, or empty when it is safe. */
    public static Optional<String> componentProblem(String component) {
        if (component.isEmpty()) {
            return Optional.of("empty path component");
        }
        if (component.equals(".")) {
            return Optional.of("component '.' refers to the current directory");
        }
        if (component.equals("..")) {
            return Optional.of("component '..' refers to the parent directory");
        }
        if (component.indexOf('/') >= 0 || component.indexOf('\\') >= 0) {
            return Optional.of("component '" + component + "' contains a path separator");
        }
        if (component.indexOf('\0') >= 0) {
            return Optional.of("component contains a NUL character");
        }
        return Optional.empty();
    }

    /** What is unsafe about a relative path given as components, or empty when every component is safe. */
    public static Optional<String> pathProblem(List<String> components) {
        if (components.isEmpty()) {
            return Optional.of("empty path");
        }
        for (String c : components) {
            Optional<String> problem = componentProblem(c);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** Whether every component is safe. */
    public static boolean isSafe(List<String> components) {
        return pathProblem(components).isEmpty();
    }
}
