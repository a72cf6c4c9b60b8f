package io.bitquark.protocol.metainfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a torrent's files go under a download directory, checked so that nothing lands outside it.
 *
 * <pre>
 * multi-file   &lt;root&gt;/&lt;name&gt;/&lt;path...&gt;      symlink targets resolve from &lt;root&gt;/&lt;name&gt;
 * single-file  &lt;root&gt;/&lt;file name&gt;           symlink targets resolve from &lt;root&gt;
 * </pre>
 *
 * <p>Pad files (BEP 47) are never written and get no location. {@link #of} refuses the whole torrent with
 * a {@link MetainfoException} of kind {@link MetainfoException.Kind#UNSAFE_PATH} when:
 * <ul>
 *   <li>the name or any path component is unsafe ({@link PathSafety}: empty, {@code .}, {@code ..},
 *       separators, NUL) or not a valid file name on this platform;</li>
 *   <li>a normalized location, or a symlink's normalized target, is not under the content directory;</li>
 *   <li>the nearest existing ancestor of a location, resolved with {@link Path#toRealPath}, is not under
 *       the real download directory (an existing symlink inside it pointing elsewhere);</li>
 *   <li>two files map to the same location.</li>
 * </ul>
 */
public final class ContentLayout {

    /**
     * One file's location.
     *
     * @param file          the torrent file
     * @param path          where its bytes go (for a symlink: where the link is created)
     * @param symlinkTarget the absolute location a symlink points to, or {@code null}
     */
    public record Entry(TorrentFile file, Path path, Path symlinkTarget) {}

    private final Path root;
    private final Path contentRoot;
    private final List<Entry> entries;

    private ContentLayout(Path root, Path contentRoot, List<Entry> entries) {
        this.root = root;
        this.contentRoot = contentRoot;
        this.entries = List.copyOf(entries);
    }

    /** Maps every non-pad file of {@code metainfo} under {@code root}, or refuses if anything could escape. */
    public static ContentLayout of(Metainfo metainfo, Path root) throws MetainfoException {
        Path base = root.toAbsolutePath().normalize();
        Path realBase = realPathIfExists(base);
        Path contentRoot = base;
        if (metainfo.isMultiFile()) {
            refuseUnsafe(List.of(metainfo.name()), "name '" + metainfo.name() + "'");
            contentRoot = resolve(base, List.of(metainfo.name()));
        }
        List<Entry> entries = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (TorrentFile f : metainfo.files()) {
            if (f.isPadding()) {
                continue;
            }
            refuseUnsafe(f.path(), "file '" + f.displayPath() + "'");
            Path path = resolve(contentRoot, f.path());
            requireUnder(path, contentRoot, "file '" + f.displayPath() + "'");
            requireRealUnder(path, realBase, "file '" + f.displayPath() + "'");
            if (!seen.add(path)) {
                throw unsafe("two files map to the same location " + path);
            }
            Path target = null;
            if (f.isSymlink()) {
                refuseUnsafe(
                        f.symlinkPath(),
                        "symlink target '" + String.join("/", f.symlinkPath()) + "' of '" + f.displayPath() + "'");
                target = resolve(contentRoot, f.symlinkPath());
                requireUnder(target, contentRoot, "symlink target of '" + f.displayPath() + "'");
                requireRealUnder(target, realBase, "symlink target of '" + f.displayPath() + "'");
            }
            entries.add(new Entry(f, path, target));
        }
        return new ContentLayout(base, contentRoot, entries);
    }

    /** The download directory, absolute and normalized. */
    public Path root() {
        return root;
    }

    /** {@code root/name} for a multi-file torrent, {@code root} for a single-file one. */
    public Path contentRoot() {
        return contentRoot;
    }

    /** The locations of all files except pad files, in torrent order. */
    public List<Entry> entries() {
        return entries;
    }

    private static void refuseUnsafe(List<String> components, String what) throws MetainfoException {
        var problem = PathSafety.pathProblem(components);
        if (problem.isPresent()) {
            throw unsafe(what + " cannot be mapped safely: " + problem.get());
        }
    }

    private static Path resolve(Path dir, List<String> components) throws MetainfoException {
        Path p = dir;
        try {
            for (String c : components) {
                p = p.resolve(c);
            }
        } catch (InvalidPathException e) {
            throw unsafe("path '" + String.join("/", components) + "' is not a valid file name here: " + e.getReason());
        }
        return p.normalize();
    }

    private static void requireUnder(Path path, Path dir, String what) throws MetainfoException {
        if (!path.startsWith(dir) || path.equals(dir)) {
            throw unsafe(what + " resolves to " + path + ", outside " + dir);
        }
    }

    /** The nearest existing ancestor (or the path itself), resolved through symlinks, must stay inside. */
    private static void requireRealUnder(Path path, Path realBase, String what) throws MetainfoException {
        if (realBase == null) {
            return;
        }
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw unsafe(
                    what + ": cannot resolve " + existing + " (" + e.getMessage() + "), it may be a broken"
                            + " symlink pointing outside the download directory",
                    e);
        }
        if (!real.startsWith(realBase)) {
            throw unsafe(what + " goes through " + existing + ", which resolves to " + real + " outside " + realBase);
        }
    }

    private static Path realPathIfExists(Path base) throws MetainfoException {
        if (!Files.exists(base)) {
            return null;
        }
        try {
            return base.toRealPath();
        } catch (IOException e) {
            throw unsafe("cannot resolve the download directory " + base + ": " + e.getMessage(), e);
        }
    }

    private static MetainfoException unsafe(String message) {
        return new MetainfoException(MetainfoException.Kind.UNSAFE_PATH, "unsafe path: " + message);
    }

    private static MetainfoException unsafe(String message, Throwable cause) {
        return new MetainfoException(MetainfoException.Kind.UNSAFE_PATH, "unsafe path: " + message, cause);
    }
}
