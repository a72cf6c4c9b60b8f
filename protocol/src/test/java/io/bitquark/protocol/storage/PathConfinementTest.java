package io.bitquark.protocol.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bitquark.protocol.storage.UnsafePathException.Kind;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The confinement rule, on real files and real symlinks: a path stays under the root lexically, and the real
 * path of its nearest existing ancestor stays under the root's real path.
 *
 * <pre>
 * tmp/
 *   root/                    the root
 *     dir/file.txt
 *     inside -&gt; dir           a symlink that stays inside
 *   outside/secret.txt        what no path may reach
 *   root-evil/                a sibling whose name starts like the root's
 * </pre>
 */
class PathConfinementTest {

    @TempDir
    Path tmp;

    Path root;
    Path outside;
    PathConfinement confinement;

    @BeforeEach
    void layout() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("dir/file.txt"), "in");
        Files.createSymbolicLink(root.resolve("inside"), root.resolve("dir"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "out");
        Files.createDirectories(tmp.resolve("root-evil"));
        confinement = PathConfinement.under(root);
    }

    private static void refused(Kind kind, Executable call) {
        UnsafePathException e = assertThrows(UnsafePathException.class, call);
        assertThat(e.kind()).isEqualTo(kind);
    }

    private Path link(String name, Path target) throws Exception {
        Path link = root.resolve(name);
        Files.createDirectories(link.getParent());
        return Files.createSymbolicLink(link, target);
    }

    @Nested
    class TextFromARequest {

        @Test
        void resolvesUnderTheRootWhetherOrNotThePathExists() throws Exception {
            assertThat(confinement.resolve("dir/file.txt")).isEqualTo(root.resolve("dir/file.txt"));
            assertThat(confinement.resolve("not/yet/here")).isEqualTo(root.resolve("not/yet/here"));
            assertThat(confinement.resolve(".")).isEqualTo(root);
        }

        @ParameterizedTest
        @ValueSource(strings = {"dir/./file.txt", "dir//file.txt", "./dir/file.txt", "dir/file.txt/"})
        void emptyAndDotComponentsCollapse(String relative) throws Exception {
            assertThat(confinement.resolve(relative)).isEqualTo(root.resolve("dir/file.txt"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "..",
                    "../outside/secret.txt",
                    "dir/../../outside",
                    "dir/../file.txt",
                    "dir/..",
                    "..\\outside",
                    "dir\\..\\..\\outside",
                    "../root/dir"
                })
        void refusesAParentComponentEvenOneThatWouldStayInside(String relative) {
            refused(Kind.UNSAFE_NAME, () -> confinement.resolve(relative));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/etc/passwd", "//etc", "\\etc", "\\\\server\\share", "C:\\x", "C:x", "c:/x"})
        void refusesAbsolutePathsInPosixAndWindowsFormOnEveryPlatform(String relative) {
            UnsafePathException e = assertThrows(UnsafePathException.class, () -> confinement.resolve(relative));

            assertThat(e.kind()).isEqualTo(Kind.UNSAFE_NAME);
            assertThat(e.getMessage()).contains("relative");
        }

        @Test
        void refusesAnAbsolutePathToInsideTheRootToo() {
            refused(
                    Kind.UNSAFE_NAME,
                    () -> confinement.resolve(root.resolve("dir").toString()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "nul\0byte", "dir/\0"})
        void refusesEmptyTextAndNulBytes(String relative) {
            refused(Kind.UNSAFE_NAME, () -> confinement.resolve(relative));
        }

        @Test
        void refusesNoText() {
            refused(Kind.UNSAFE_NAME, () -> confinement.resolve((String) null));
        }

        @Test
        void aBackslashIsAnOrdinaryCharacterWhereItIsNoSeparator() throws Exception {
            assumeTrue(File.separatorChar == '/');

            assertThat(confinement.resolve("a\\b")).isEqualTo(root.resolve("a\\b"));
        }
    }

    @Nested
    class TorrentComponents {

        @Test
        void resolvesEachComponentUnderTheRoot() throws Exception {
            assertThat(confinement.resolve(List.of("dir", "file.txt"))).isEqualTo(root.resolve("dir/file.txt"));
            assertThat(confinement.resolve(List.of("t", "new", "file"))).isEqualTo(root.resolve("t/new/file"));
        }

        @Test
        void refusesComponentsThatPathSafetyRefuses() {
            for (List<String> bad : List.of(
                    List.<String>of(),
                    List.of(""),
                    List.of("."),
                    List.of(".."),
                    List.of("dir", "..", "..", "outside"),
                    List.of("/etc"),
                    List.of("a/b"),
                    List.of("a\\b"),
                    List.of("a\0"))) {
                refused(Kind.UNSAFE_NAME, () -> confinement.resolve(bad));
            }
        }

        @Test
        void appliesTheSymlinkRuleToo() throws Exception {
            link("t", outside);

            refused(Kind.SYMLINK_ESCAPE, () -> confinement.resolve(List.of("t", "secret.txt")));
        }
    }

    @Nested
    class LexicalCheck {

        @Test
        void aPathOutsideTheRootIsRefused() {
            refused(Kind.OUTSIDE_ROOT, () -> confinement.check(outside.resolve("secret.txt")));
            refused(Kind.OUTSIDE_ROOT, () -> confinement.check(root.resolve("../outside")));
            refused(Kind.OUTSIDE_ROOT, () -> confinement.check(Path.of("../outside")));
            refused(Kind.OUTSIDE_ROOT, () -> confinement.check(tmp));
        }

        @Test
        void aSiblingWhoseNameStartsLikeTheRootsIsOutside() {
            refused(Kind.OUTSIDE_ROOT, () -> confinement.check(tmp.resolve("root-evil/x")));
        }

        @Test
        void aPathIsNormalizedAndARelativeOneIsTakenFromTheRoot() throws Exception {
            assertThat(confinement.check(root.resolve("dir/../dir/./file.txt")))
                    .isEqualTo(root.resolve("dir/file.txt"));
            assertThat(confinement.check(Path.of("dir/file.txt"))).isEqualTo(root.resolve("dir/file.txt"));
            assertThat(confinement.check(root)).isEqualTo(root);
        }
    }

    @Nested
    class Symlinks {

        @Test
        void aSymlinkInsideTheRootThatStaysInsideIsFollowed() throws Exception {
            link("file-link", root.resolve("dir/file.txt"));
            link("relative-link", Path.of("dir"));
            link("to-root", root);

            assertThat(confinement.resolve("inside/file.txt")).isEqualTo(root.resolve("inside/file.txt"));
            assertThat(confinement.resolve("inside/not/yet")).isEqualTo(root.resolve("inside/not/yet"));
            assertThat(confinement.resolve("file-link")).isEqualTo(root.resolve("file-link"));
            assertThat(confinement.resolve("relative-link/file.txt")).isEqualTo(root.resolve("relative-link/file.txt"));
            assertThat(confinement.resolve("to-root/dir")).isEqualTo(root.resolve("to-root/dir"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "at the leaf, to a file            | secret  | /outside/secret.txt | secret",
                    "at the leaf, to a directory       | out-dir | /outside            | out-dir",
                    "relative, climbing out            | dir/up  | ../../outside       | dir/up/secret.txt",
                    "to a sibling named like the root  | evil    | /root-evil          | evil/x"
                })
        void aSymlinkLeadingOutIsRefused(String name, String link, String target, String relative) throws Exception {
            link(link, target.startsWith("/") ? tmp.resolve(target.substring(1)) : Path.of(target));

            refused(Kind.SYMLINK_ESCAPE, () -> confinement.resolve(relative));
        }

        @Test
        void aSymlinkedAncestorLeadingOutIsRefusedForExistingAndNewPathsBelowIt() throws Exception {
            link("deep/er/out", outside);

            refused(Kind.SYMLINK_ESCAPE, () -> confinement.resolve("deep/er/out/secret.txt"));
            refused(Kind.SYMLINK_ESCAPE, () -> confinement.resolve("deep/er/out/not/yet/here"));
            assertThat(outside.resolve("not")).doesNotExist();
        }

        @Test
        void aChainOfSymlinksIsJudgedByWhereItEnds() throws Exception {
            link("first", root.resolve("second"));
            link("second", outside);

            refused(Kind.SYMLINK_ESCAPE, () -> confinement.resolve("first/secret.txt"));
        }

        @Test
        void aSymlinkThatCannotBeResolvedBrokenOrALoopIsRefused() throws Exception {
            link("broken-out", outside.resolve("gone"));
            link("broken-in", root.resolve("not-yet"));
            link("loop-a", root.resolve("loop-b"));
            link("loop-b", root.resolve("loop-a"));

            refused(Kind.UNRESOLVABLE, () -> confinement.resolve("broken-out"));
            refused(Kind.UNRESOLVABLE, () -> confinement.resolve("broken-out/below"));
            refused(Kind.UNRESOLVABLE, () -> confinement.resolve("broken-in"));
            refused(Kind.UNRESOLVABLE, () -> confinement.resolve("loop-a/x"));
        }

        @Test
        void theCheckHoldsWhenItIsMadeSoALinkCreatedLaterIsCaughtByTheNextCheck() throws Exception {
            Path later = confinement.resolve("later/file");
            link("later", outside);

            refused(Kind.SYMLINK_ESCAPE, () -> confinement.check(later));
        }

        @Test
        void theMessageNamesThePathRelativeToTheRootAndNeverWhereTheLinkLeads() throws Exception {
            link("out-dir", outside);

            UnsafePathException e =
                    assertThrows(UnsafePathException.class, () -> confinement.resolve("out-dir/new/file"));

            assertThat(e.getMessage())
                    .contains("'out-dir/new/file'", "'out-dir'", "symlink", "outside the root")
                    .doesNotContain(outside.toString(), root.toString());
        }
    }

    @Nested
    class TheRoot {

        @Test
        void aRootThatIsASymlinkConfinesToItsTarget() throws Exception {
            Path alias = Files.createSymbolicLink(tmp.resolve("alias"), root);
            Files.createSymbolicLink(
                    root.resolve("absolute-inside"), root.toRealPath().resolve("dir"));
            Files.createSymbolicLink(root.resolve("out"), outside);
            PathConfinement viaAlias = PathConfinement.under(alias);

            assertThat(viaAlias.root()).isEqualTo(alias);
            assertThat(viaAlias.resolve("dir/file.txt")).isEqualTo(alias.resolve("dir/file.txt"));
            assertThat(viaAlias.resolve("absolute-inside/new")).isEqualTo(alias.resolve("absolute-inside/new"));
            refused(Kind.SYMLINK_ESCAPE, () -> viaAlias.resolve("out/secret.txt"));
        }

        @Test
        void aRootBelowASymlinkedDirectoryConfinesToItsRealPath() throws Exception {
            Path alias = Files.createSymbolicLink(tmp.resolve("alias"), tmp);
            PathConfinement viaAlias = PathConfinement.under(alias.resolve("root"));

            assertThat(viaAlias.resolve("inside/file.txt")).isEqualTo(alias.resolve("root/inside/file.txt"));
            link("out", outside);
            refused(Kind.SYMLINK_ESCAPE, () -> viaAlias.resolve("out"));
        }

        @Test
        void aRootThatDoesNotExistYetHasNothingToLeadOut() throws Exception {
            PathConfinement later = PathConfinement.under(tmp.resolve("later/root"));

            assertThat(later.resolve("a/b")).isEqualTo(tmp.resolve("later/root/a/b"));
        }

        @Test
        void aRootThatIsABrokenSymlinkIsRefused() throws Exception {
            Path broken = Files.createSymbolicLink(tmp.resolve("broken-root"), tmp.resolve("gone"));

            refused(Kind.UNRESOLVABLE, () -> PathConfinement.under(broken).resolve("a"));
        }

        @Test
        void aRelativeRootIsMadeAbsolute() {
            assertThat(PathConfinement.under(Path.of("data")).root())
                    .isEqualTo(Path.of("data").toAbsolutePath().normalize());
        }
    }
}
