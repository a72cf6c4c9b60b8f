package io.bitquark.protocol.storage;

import java.util.List;
import java.util.Optional;

/**
 * Whether names and relative paths can be created under a directory as they are, before anything touches the
 * file system. {@link PathConfinement} applies these rules and then checks the disk.
 *
 * <p>A component (a torrent's name or one element of a file's {@code path}) is unsafe when it is empty,
 * {@code "."} or {@code ".."}, or holds a {@code '/'} or {@code '\\'} separator (which also covers absolute
 * paths such as {@code "/etc"}) or a NUL byte. Where libtorrent silently rewrites such names (dropping
 * {@code ".."}, stripping separators, replacing empty components with {@code "_"}), BitQuark keeps them as
 * they are: the metainfo parser reports them and refuses to map them onto a disk.
 *
 * <p>A relative path given as text (a request's {@code path} or {@code dataPath}) is unsafe when it is empty,
 * holds a NUL byte, is absolute in POSIX or Windows form ({@code /x}, {@code \x}, {@code \\server\share},
 * {@code C:x}, {@code C:\x}, refused on every platform alike), or has a {@code ..} component, with either
 * {@code /} or {@code \} as the separator. Empty and {@code "."} components are harmless there and collapse
 * ({@code a//b}, {@code ./a}, {@code dir/}).
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

    /** What is unsafe about a relative path given as text, or empty when it is safe (see the class comment). */
    public static Optional<String> relativePathProblem(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of("empty path");
        }
        if (path.indexOf('\0') >= 0) {
            return Optional.of("path contains a NUL character");
        }
        if (path.startsWith("/") || path.startsWith("\\") || isDriveLetter(path)) {
            return Optional.of("absolute path: it must be relative");
        }
        for (String part : path.split("[/\\\\]")) {
            if (!part.isEmpty() && !part.equals(".")) {
                Optional<String> problem = componentProblem(part);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isDriveLetter(String path) {
        char c = path.charAt(0);
        return path.length() >= 2 && path.charAt(1) == ':' && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
    }
}
