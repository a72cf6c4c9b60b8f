package io.bitquark.metainfo.create;

import io.bitquark.protocol.metainfo.MetainfoBuilder;
import io.bitquark.protocol.storage.PathConfinement;
import io.bitquark.protocol.storage.UnsafePathException;
import io.bitquark.rest.ApiProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Finds the content of a new torrent under the content root, safely.
 *
 * <ul>
 *   <li>The requested path is relative to the root and must be confined to it ({@link PathConfinement}:
 *       absolute paths, {@code ..} components and NUL bytes are refused, and so is a path through a symlink
 *       leading out); so is any symlink met while walking that leads out. Symlinks that stay inside are
 *       followed, and their targets' content is included.</li>
 *   <li>A file makes a single-file torrent; a directory makes a multi-file torrent of every regular file
 *       below it.</li>
 *   <li>Excluded: names matching the default excludes ({@code CVS} and {@code core}, as btmakemetafile
 *       did) or the request's globs (matched against the name and against the path relative to the
 *       torrent's top directory), and hidden names (starting with a dot) unless asked for. An excluded
 *       directory is skipped whole.</li>
 *   <li>Order: files are sorted by their path components compared as UTF-8 bytes, one component at a time
 *       ({@link MetainfoBuilder#FILE_TREE_ORDER}), the order of BEP 52's file tree, used for v1 too so that
 *       every version of one content lists its files alike.</li>
 *   <li>Empty files are kept (libtorrent keeps them; v2 gives them no pieces root). Empty directories
 *       cannot be expressed in a torrent and are left out, as libtorrent does; a directory with no file
 *       left is refused.</li>
 * </ul>
 */
public final class ContentScanner {

    public static final List<String> DEFAULT_EXCLUDES = List.of("CVS", "core");

    private final Path root;
    private final PathConfinement confinement;

    public ContentScanner(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            this.confinement = PathConfinement.under(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("content root " + root + " is not usable", e);
        }
    }

    public Path root() {
        return root;
    }

    /** Resolves a request's relative path to a real location under the root, or refuses it. */
    public Path resolve(String relative) {
        if (relative == null || relative.isBlank()) {
            throw ApiProblem.badRequest("path is required: a file or directory relative to the content root");
        }
        Path target;
        try {
            target = confinement.resolve(relative);
        } catch (UnsafePathException e) {
            if (e.kind() == UnsafePathException.Kind.UNRESOLVABLE) {
                throw ApiProblem.notFound("cannot resolve " + relative + ": " + e.getMessage());
            }
            throw ApiProblem.badRequest("path '" + relative + "' is refused: " + e.getMessage());
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw ApiProblem.notFound("no such file or directory under the content root: " + relative);
        }
        try {
            return target.toRealPath(); // confined already: this only puts it in canonical form
        } catch (IOException e) {
            throw ApiProblem.notFound("cannot resolve " + relative + ": " + e.getMessage());
        }
    }

    /** Scans the content at {@code relative}; see the class comment for the rules. */
    public ScannedContent scan(String relative, List<String> excludes, boolean includeHidden) {
        Path location = resolve(relative);
        String name = location.equals(root)
                ? root.getFileName().toString()
                : location.getFileName().toString();
        if (Files.isRegularFile(location)) {
            return new ScannedContent(
                    name, location, true, List.of(new ContentFile(List.of(name), location, size(location))));
        }
        if (!Files.isDirectory(location)) {
            throw ApiProblem.badRequest("not a regular file or directory: " + relative);
        }
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : DEFAULT_EXCLUDES) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
        }
        for (String glob : excludes == null ? List.<String>of() : excludes) {
            try {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("bad exclude glob '" + glob + "': " + e.getMessage());
            }
        }
        List<ContentFile> files = new ArrayList<>();
        try {
            Files.walkFileTree(
                    location, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                                throws IOException {
                            if (dir.equals(location)) {
                                return FileVisitResult.CONTINUE;
                            }
                            checkInside(dir);
                            return excluded(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                            checkInside(file);
                            if (attrs.isRegularFile() && !excluded(file)) {
                                List<String> path = new ArrayList<>();
                                location.relativize(file).forEach(p -> path.add(p.toString()));
                                files.add(new ContentFile(path, file, attrs.size()));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            if (e instanceof FileSystemLoopException) {
                                throw ApiProblem.badRequest("symlink loop at " + root.relativize(file));
                            }
                            throw e;
                        }

                        private boolean excluded(Path p) {
                            Path name = p.getFileName();
                            if (!includeHidden && name.toString().startsWith(".")) {
                                return true;
                            }
                            Path rel = location.relativize(p);
                            for (PathMatcher m : matchers) {
                                if (m.matches(name) || m.matches(rel)) {
                                    return true;
                                }
                            }
                            return false;
                        }
                    });
        } catch (IOException e) {
            throw new ApiProblem(422, "Unreadable content", "cannot read " + relative + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new ApiProblem(422, "No content", "no file to include under " + relative + " after excludes");
        }
        files.sort((a, b) -> MetainfoBuilder.FILE_TREE_ORDER.compare(a.path(), b.path()));
        return new ScannedContent(name, location, false, files);
    }

    /** Refuses a symlink met while walking that leads out of the root; one that cannot be followed is unreadable. */
    private void checkInside(Path p) throws IOException {
        if (!Files.isSymbolicLink(p)) {
            return;
        }
        try {
            confinement.check(p);
        } catch (UnsafePathException e) {
            if (e.kind() == UnsafePathException.Kind.UNRESOLVABLE) {
                throw new IOException(e.getMessage(), e);
            }
            throw ApiProblem.badRequest("symlink leads out of the content root: " + root.relativize(p));
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ApiProblem(
                    422, "Unreadable content", "cannot read " + file.getFileName() + ": " + e.getMessage());
        }
    }
}
