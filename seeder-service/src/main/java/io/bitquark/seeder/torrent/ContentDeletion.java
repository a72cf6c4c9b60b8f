package io.bitquark.seeder.torrent;

import io.bitquark.protocol.storage.PathConfinement;
import io.bitquark.protocol.storage.UnsafePathException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Deletes a removed torrent's data ({@code DELETE ?deleteData=true}), as libtorrent's {@code delete_files}
 * does: the torrent's own files, then the directories they leave empty, up to and including its content
 * directory. Other files in those directories stay. A file whose directory is not confined to the data root
 * ({@link PathConfinement}: a symlink on the way leads out) is left alone, and a symlink is deleted as a link,
 * never followed.
 */
final class ContentDeletion {

    private final PathConfinement confinement;

    /** @param root the data root */
    ContentDeletion(Path root) {
        this.confinement = PathConfinement.under(root);
    }

    /**
     * Deletes {@code files} (absolute paths under {@code contentPath}) and the directories left empty.
     *
     * @return how many files were deleted
     */
    int delete(Path contentPath, List<Path> files) throws IOException {
        int deleted = 0;
        TreeSet<Path> dirs = new TreeSet<>(
                Comparator.comparingInt(Path::getNameCount).reversed().thenComparing(Comparator.naturalOrder()));
        for (Path file : files) {
            if (!insideRoot(file.getParent())) {
                continue;
            }
            if (Files.deleteIfExists(file)) {
                deleted++;
            }
            for (Path dir = file.getParent();
                    dir != null && dir.startsWith(contentPath) && !dir.equals(confinement.root());
                    dir = dir.getParent()) {
                dirs.add(dir);
            }
        }
        for (Path dir : dirs) { // deepest first
            try {
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && insideRoot(dir)) {
                    Files.delete(dir);
                }
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                // holds other files, or already gone: kept as it is
            }
        }
        return deleted;
    }

    private boolean insideRoot(Path path) {
        if (path == null) {
            return false;
        }
        try {
            confinement.check(path);
            return true;
        } catch (UnsafePathException e) {
            return false;
        }
    }
}
