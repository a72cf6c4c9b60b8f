package io.bitquark.protocol.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathSafetyTest {

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "/", "/etc", "a/b", "a\\b", "\\", "C:\\x", "a\0"})
    void flagsComponentsThatCouldEscapeOrCollapse(String component) {
        assertThat(PathSafety.componentProblem(component)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "...", ".hidden", "file.txt", "with space", "ünïcode", "_____padding_file_"})
    void acceptsOrdinaryNames(String component) {
        assertThat(PathSafety.componentProblem(component)).isEmpty();
    }

    @Test
    void flagsAnEmptyPathAndNamesTheFirstBadComponent() {
        assertThat(PathSafety.pathProblem(List.of())).contains("empty path");
        assertThat(PathSafety.pathProblem(List.of("ok", "..", "/")))
                .contains("component '..' refers to the parent directory");
        assertThat(PathSafety.isSafe(List.of("a", "b"))).isTrue();
    }
}
