package io.bitquark.seeder.torrent;

import io.bitquark.protocol.storage.PathConfinement;
import io.bitquark.protocol.storage.UnsafePathException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a torrent's {@code dataPath} (the seed's {@code --saveas}: the file of a single-file torrent or
 * the top directory of a multi-file one) under the data root, refusing anything that would leave it, by the
 * protocol's {@link PathConfinement} (absolute paths, {@code ..} components, symlinks that lead out), and the
 * root itself. The path itself need not exist yet: missing data makes a partial seed, not an error.
 */
public final class DataPaths {

    private final PathConfinement confinement;

    public DataPaths(Path root) {
        try {
            Files.createDirectories(root);
            this.confinement = PathConfinement.under(root.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data root " + root, e);
        }
    }

    /** The data root, a real path. */
    public Path root() {
        return confinement.root();
    }

    /**
     * The absolute location of {@code relative} under the root.
     *
     * @throws UnsafeDataPathException when it is empty, the root itself, or not confined to the root
     */
    public Path resolve(String relative) {
        if (relative == null || relative.isBlank()) {
            throw new UnsafeDataPathException("dataPath is empty");
        }
        Path target;
        try {
            target = confinement.resolve(relative);
        } catch (UnsafePathException e) {
            throw new UnsafeDataPathException("dataPath '" + relative + "' is refused: " + e.getMessage());
        }
        if (target.equals(root())) {
            throw new UnsafeDataPathException("dataPath '" + relative + "' must name something inside the data root");
        }
        return target;
    }

    /** The form of {@code absolute} relative to the root, as it is stored and reported. */
    public String relativize(Path absolute) {
        return root().relativize(absolute).toString();
    }
    /** A dataPath that would leave the data root. */
    public static final class UnsafeDataPathException extends RuntimeException {
        public UnsafeDataPathException(String message) {
            super(message);
        }
    }
}
