package io.bitquark.seeder.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting a removed torrent's data touches its own files only, and nothing outside the data root. */
class ContentDeletionTest {

    @TempDir
    Path temp;

    private Path file(Path path) throws Exception {
        Files.createDirectories(path.getParent());
        return Files.writeString(path, path.getFileName().toString());
    }

    @Test
    void theTorrentsFilesAndTheDirectoriesTheyLeaveEmptyAreDeleted() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root")).toRealPath();
        Path content = root.resolve("set");
        List<Path> files = List.of(
                file(content.resolve("a/1.txt")), file(content.resolve("a/b/2.txt")), file(content.resolve("3.txt")));
        assertThat(new ContentDeletion(root).delete(content, files)).isEqualTo(3);
        assertThat(content).doesNotExist();
        assertThat(root).isDirectory();
    }

    @Test
    void otherFilesAndTheDirectoriesHoldingThemStay() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root")).toRealPath();
        Path content = root.resolve("set");
        Path mine = file(content.resolve("a/1.txt"));
        Path other = file(content.resolve("a/notes.txt"));
        new ContentDeletion(root).delete(content, List.of(mine, content.resolve("never-there.txt")));
        assertThat(mine).doesNotExist();
        assertThat(other).exists();
    }

    @Test
    void aSingleFileTorrentLeavesItsDirectoryAndTheRoot() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root")).toRealPath();
        Path single = file(root.resolve("alice.txt"));
        new ContentDeletion(root).delete(single, List.of(single));
        assertThat(single).doesNotExist();
        assertThat(root).isDirectory();
    }

    @Test
    void filesReachedThroughADirectorySymlinkLeadingOutOfTheRootStay() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root")).toRealPath();
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Path precious = file(outside.resolve("2.txt"));
        Path content = root.resolve("set");
        Path mine = file(content.resolve("1.txt"));
        Files.createSymbolicLink(content.resolve("sub"), outside);

        new ContentDeletion(root).delete(content, List.of(mine, content.resolve("sub/2.txt")));
        assertThat(mine).doesNotExist();
        assertThat(precious).exists();
        assertThat(content.resolve("sub")).isSymbolicLink();
    }

    @Test
    void aFileThatIsASymlinkIsDeletedAsALinkNotFollowed() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root")).toRealPath();
        Path precious = file(temp.resolve("outside/keep.txt"));
        Path content = Files.createDirectories(root.resolve("set"));
        Path link = Files.createSymbolicLink(content.resolve("1.txt"), precious);
        new ContentDeletion(root).delete(content, List.of(link));
        assertThat(link).doesNotExist();
        assertThat(precious).exists();
    }
}
