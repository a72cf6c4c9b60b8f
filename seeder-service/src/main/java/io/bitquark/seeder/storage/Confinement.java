package io.bitquark.seeder.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps file access inside one directory, through symlinks too: a path is inside when it is lexically
 * under the directory and its nearest existing ancestor (or itself), resolved with {@link Path#toRealPath},
 * is under the directory's real path. A path whose ancestors do not exist yet inside the directory has
 * nothing to escape through and passes; checking again when a file is opened catches links created later.
 */
final class Confinement {

    private final Path base;

    /** @param base the directory, absolute and normalized */
    Confinement(Path base) {
        this.base = base;
    }

    Path base() {
        return base;
    }

    /** What takes {@code path} (absolute, normalized) outside the directory, or empty when it stays inside. */
    Optional<String> problem(Path path) {
        if (!path.startsWith(base)) {
            return Optional.of(path + " is outside " + base);
        }
        Path existing = path;
        while (existing != null && existing.startsWith(base) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null || !existing.startsWith(base)) {
            return Optional.empty();
        }
        try {
            Path real = existing.toRealPath();
            Path realBase = base.toRealPath();
            if (!real.startsWith(realBase)) {
                return Optional.of(
                        path + " goes through " + existing + ", which resolves to " + real + " outside " + realBase);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot resolve " + existing + " (" + e.getMessage() + "): it may be a broken"
                    + " symlink pointing outside " + base);
        }
    }
}
