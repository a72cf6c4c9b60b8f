package io.bitquark.seeder.torrent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Resolves a torrent's {@code dataPath} (the seed's {@code --saveas}: the file of a single-file torrent or
 * the top directory of a multi-file one) under the data root, refusing anything that would leave it:
 * absolute paths, {@code ..} components, and symlinks that lead out. The path itself need not exist yet:
 * missing data makes a partial seed, not an error.
 */
public final class DataPaths {

    private final Path root;

    public DataPaths(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data root " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * The absolute location of {@code relative} under the root.
     *
     * @throws UnsafeDataPathException when it is absolute, climbs out with {@code ..}, or reaches out through a symlink
     */
    public Path resolve(String relative) {
        if (relative == null || relative.isBlank()) {
            throw new UnsafeDataPathException("dataPath is empty");
        }
        Path given;
        try {
            given = Path.of(relative);
        } catch (InvalidPathException e) {
            throw new UnsafeDataPathException("dataPath '" + relative + "' is not a valid path: " + e.getReason());
        }
        if (given.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
            throw new UnsafeDataPathException("dataPath '" + relative + "' must be relative to the data root");
        }
        for (Path part : given) {
            if (part.toString().equals("..")) {
                throw new UnsafeDataPathException("dataPath '" + relative + "' must not contain '..'");
            }
        }
        Path target = root.resolve(given).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new UnsafeDataPathException("dataPath '" + relative + "' must name something inside the data root");
        }
        Path existing = target;
        while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (existing != null
                    && Files.exists(existing)
                    && !existing.toRealPath().startsWith(root)) {
                throw new UnsafeDataPathException(
                        "dataPath '" + relative + "' leads out of the data root through a symlink");
            }
            if (existing != null && Files.isSymbolicLink(existing) && !Files.exists(existing)) {
                throw new UnsafeDataPathException("dataPath '" + relative + "' is a dangling symlink");
            }
        } catch (IOException e) {
            throw new UnsafeDataPathException("dataPath '" + relative + "' cannot be resolved: " + e.getMessage());
        }
        return target;
    }

    /** The form of {@code absolute} relative to the root, as it is stored and reported. */
    public String relativize(Path absolute) {
        return root.relativize(absolute).toString();
    }

    /** A dataPath that would leave the data root. */
    public static final class UnsafeDataPathException extends RuntimeException {
        public UnsafeDataPathException(String message) {
            super(message);
        }
    }
}
