package io.bitquark.protocol.storage;

import io.bitquark.protocol.storage.UnsafePathException.Kind;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps paths inside one directory, the root: the boundary between names that come from outside (a request,
 * a torrent) and the file system. Every service that turns such a name into a file goes through here.
 *
 * <p>A path is confined when both hold:
 * <ol>
 *   <li>lexically: normalized, it is the root or below it;</li>
 *   <li>really: its nearest existing ancestor, or itself when it exists (looked up without following a final
 *       symlink), resolved with {@link Path#toRealPath}, is the root's real path or below it.</li>
 * </ol>
 *
 * <p>So a symlink anywhere on the way that leads out is refused: the path itself, an ancestor, and the
 * directory a path that does not exist yet would be created in. Symlinks that stay inside are allowed, and
 * the root may itself be a symlink (its target is what the paths must stay in). A link that cannot be
 * resolved (broken, a loop) is refused, since what it will point to is unknown. A root that does not exist
 * yet confines trivially: nothing under it exists to lead out.
 *
 * <p>Names are checked first ({@link PathSafety}): {@link #resolve(String)} for text a request sent,
 * {@link #resolve(List)} for a torrent's path components, {@link #check(Path)} for a path already built.
 * Returned paths are lexical (under {@link #root()} as given, symlinks not replaced by their targets).
 *
 * <p>The answer holds when it is given: code that opens a file long after resolving it checks it again
 * just before, so that a symlink created in between is caught.
 */
public final class PathConfinement {

    private final Path root;

    private PathConfinement(Path root) {
        this.root = root;
    }

    /** Confines paths to {@code root}, made absolute and normalized; it need not exist. */
    public static PathConfinement under(Path root) {
        return new PathConfinement(root.toAbsolutePath().normalize());
    }

    /** The root, absolute and normalized, as given (not resolved through symlinks). */
    public Path root() {
        return root;
    }

    /**
     * The location of {@code relative}, a path given as text ({@code /} or the platform's separator between
     * components), under the root. {@code "."} is the root itself.
     *
     * @throws UnsafePathException when it is unsafe as written ({@link PathSafety#relativePathProblem}) or
     *                             not confined
     */
    public Path resolve(String relative) throws UnsafePathException {
        var problem = PathSafety.relativePathProblem(relative);
        if (problem.isPresent()) {
            throw new UnsafePathException(Kind.UNSAFE_NAME, problem.get());
        }
        Path given;
        try {
            given = root.getFileSystem().getPath(relative);
        } catch (InvalidPathException e) {
            throw invalid(relative, e);
        }
        if (given.isAbsolute() || given.getRoot() != null) {
            throw new UnsafePathException(Kind.UNSAFE_NAME, "absolute path: it must be relative");
        }
        return check(root.resolve(given));
    }

    /**
     * The location of a path given as components (a torrent's {@code name} and {@code path}) under the root.
     *
     * @throws UnsafePathException when a component is unsafe ({@link PathSafety#pathProblem}) or the path is
     *                             not confined
     */
    public Path resolve(List<String> components) throws UnsafePathException {
        var problem = PathSafety.pathProblem(components);
        if (problem.isPresent()) {
            throw new UnsafePathException(Kind.UNSAFE_NAME, problem.get());
        }
        Path p = root;
        for (String c : components) {
            try {
                p = p.resolve(c);
            } catch (InvalidPathException e) {
                throw invalid(c, e);
            }
        }
        return check(p);
    }

    /**
     * Checks {@code path} (absolute, or relative to the root) against the rule, now.
     *
     * @return the path, absolute and normalized
     * @throws UnsafePathException when it is not confined
     */
    public Path check(Path path) throws UnsafePathException {
        Path p = root.resolve(path).normalize();
        if (!p.startsWith(root)) {
            throw new UnsafePathException(Kind.OUTSIDE_ROOT, path + " is outside the root");
        }
        Path existing = p;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            if (existing.equals(root)) {
                return p;
            }
            existing = existing.getParent();
        }
        Path real = realPath(existing);
        Path realRoot = existing.equals(root) ? real : realPath(root);
        if (!real.startsWith(realRoot)) {
            throw new UnsafePathException(
                    Kind.SYMLINK_ESCAPE,
                    existing.equals(p)
                            ? quoted(p) + " resolves through a symlink to a location outside the root"
                            : quoted(p) + " goes through " + quoted(existing)
                                    + ", which resolves through a symlink to a location outside the root");
        }
        return p;
    }

    private Path realPath(Path existing) throws UnsafePathException {
        try {
            return existing.toRealPath();
        } catch (IOException e) {
            throw new UnsafePathException(
                    Kind.UNRESOLVABLE,
                    (existing.equals(root) ? "the root" : quoted(existing)) + " cannot be resolved (" + reason(e)
                            + "): it may be a broken symlink or a symlink loop",
                    e);
        }
    }

    /** A path under the root as the sender knows it: relative, never revealing where the root is. */
    private String quoted(Path p) {
        return "'" + root.relativize(p) + "'";
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName();
    }

    private static UnsafePathException invalid(String name, InvalidPathException e) {
        return new UnsafePathException(
                Kind.UNSAFE_NAME, "'" + name + "' is not a valid file name here: " + e.getReason(), e);
    }
}
