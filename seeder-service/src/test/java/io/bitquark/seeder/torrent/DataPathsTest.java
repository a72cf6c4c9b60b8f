package io.bitquark.seeder.torrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bitquark.seeder.torrent.DataPaths.UnsafeDataPathException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataPath names the content inside the data root; the confinement rule itself is the protocol's. */
class DataPathsTest {

    @TempDir
    Path tmp;

    @Test
    void aRelativePathResolvesUnderTheRealRootWhetherOrNotItExists() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), root);
        DataPaths paths = new DataPaths(alias);
        Files.writeString(root.resolve("movie.mkv"), "x");

        assertThat(paths.root()).isEqualTo(root.toRealPath());
        assertThat(paths.resolve("movie.mkv")).isEqualTo(root.toRealPath().resolve("movie.mkv"));
        assertThat(paths.resolve("not/yet/here")).isEqualTo(root.toRealPath().resolve("not/yet/here"));
        assertThat(paths.relativize(paths.resolve("a/b"))).isEqualTo("a/b");
    }

    @Test
    void anEmptyPathAndTheRootItselfAreRefused() {
        DataPaths paths = new DataPaths(tmp.resolve("root"));

        assertThatThrownBy(() -> paths.resolve("")).isInstanceOf(UnsafeDataPathException.class);
        assertThatThrownBy(() -> paths.resolve(" ")).isInstanceOf(UnsafeDataPathException.class);
        assertThatThrownBy(() -> paths.resolve("."))
                .isInstanceOf(UnsafeDataPathException.class)
                .hasMessageContaining("inside the data root");
    }

    @Test
    void aPathTheConfinementRefusesIsAnUnsafeDataPathNamingIt() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createSymbolicLink(root.resolve("escape"), Files.createDirectories(tmp.resolve("outside")));
        DataPaths paths = new DataPaths(root);

        assertThatThrownBy(() -> paths.resolve("../outside"))
                .isInstanceOf(UnsafeDataPathException.class)
                .hasMessageContaining("dataPath '../outside'")
                .hasMessageContaining("..");
        assertThatThrownBy(() -> paths.resolve("escape/new"))
                .isInstanceOf(UnsafeDataPathException.class)
                .hasMessageContaining("symlink");
    }
}
