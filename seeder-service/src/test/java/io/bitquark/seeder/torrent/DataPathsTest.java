package io.bitquark.seeder.torrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bitquark.seeder.torrent.DataPaths.UnsafeDataPathException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPathsTest {

    @TempDir
    Path tmp;

    @Test
    void aRelativePathResolvesUnderTheRootWhetherOrNotItExists() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        DataPaths paths = new DataPaths(root);
        Files.writeString(root.resolve("movie.mkv"), "x");

        assertThat(paths.resolve("movie.mkv")).isEqualTo(root.toRealPath().resolve("movie.mkv"));
        assertThat(paths.resolve("not/yet/here")).isEqualTo(root.toRealPath().resolve("not/yet/here"));
        assertThat(paths.relativize(paths.resolve("a/b"))).isEqualTo("a/b");
    }

    @Test
    void absolutePathsParentComponentsAndTheRootItselfAreRefused() {
        DataPaths paths = new DataPaths(tmp.resolve("root"));

        assertThatThrownBy(() -> paths.resolve("/etc/passwd"))
                .isInstanceOf(UnsafeDataPathException.class)
                .hasMessageContaining("relative");
        assertThatThrownBy(() -> paths.resolve("../outside"))
                .isInstanceOf(UnsafeDataPathException.class)
                .hasMessageContaining("..");
        assertThatThrownBy(() -> paths.resolve("a/../../outside")).isInstanceOf(UnsafeDataPathException.class);
        assertThatThrownBy(() -> paths.resolve(".")).isInstanceOf(UnsafeDataPathException.class);
        assertThatThrownBy(() -> paths.resolve("")).isInstanceOf(UnsafeDataPathException.class);
        assertThatThrownBy(() -> paths.resolve("nul\0byte")).isInstanceOf(UnsafeDataPathException.class);
    }

    @Test
    void aSymlinkThatLeadsOutOfTheRootIsRefusedEvenBelowIt() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("inside"), Files.createDirectories(root.resolve("real")));
        DataPaths paths = new DataPaths(root);

        assertThatThrownBy(() -> paths.resolve("escape"))
                .isInstanceOf(UnsafeDataPathException.class)
                .hasMessageContaining("symlink");
        assertThatThrownBy(() -> paths.resolve("escape/new/file")).isInstanceOf(UnsafeDataPathException.class);
        assertThat(paths.resolve("inside/file")).startsWithRaw(root.toRealPath());
    }
}
