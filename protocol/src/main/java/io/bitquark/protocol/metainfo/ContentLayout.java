package io.bitquark.protocol.metainfo;

import io.bitquark.protocol.storage.PathConfinement;
import io.bitquark.protocol.storage.PathSafety;
import io.bitquark.protocol.storage.UnsafePathException;
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
 *   <li>the name, a path component or a symlink target's component is unsafe ({@link PathSafety}: empty,
 *       {@code .}, {@code ..}, separators, NUL) or not a valid file name on this platform;</li>
 *   <li>the content directory, a location or a symlink's target is not confined to the download directory
 *       ({@link PathConfinement}: an existing symlink on the way leads out of it, or cannot be resolved);</li>
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
        PathConfinement confinement = PathConfinement.under(root);
        List<String> top = metainfo.isMultiFile() ? List.of(metainfo.name()) : List.of();
        Path contentRoot =
                top.isEmpty() ? confinement.root() : place(confinement, top, "name '" + metainfo.name() + "'");
        List<Entry> entries = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (TorrentFile f : metainfo.files()) {
            if (f.isPadding()) {
                continue;
            }
            Path path = place(confinement, under(top, f.path()), "file '" + f.displayPath() + "'");
            if (!seen.add(path)) {
                throw new MetainfoException(
                        MetainfoException.Kind.UNSAFE_PATH, "unsafe path: two files map to the same location " + path);
            }
            Path target = null;
            if (f.isSymlink()) {
                target = place(
                        confinement,
                        under(top, f.symlinkPath()),
                        "symlink target '" + String.join("/", f.symlinkPath()) + "' of '" + f.displayPath() + "'");
            }
            entries.add(new Entry(f, path, target));
        }
        return new ContentLayout(confinement.root(), contentRoot, entries);
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

    private static List<String> under(List<String> top, List<String> path) {
        List<String> all = new ArrayList<>(top);
        all.addAll(path);
        return all;
    }

    private static Path place(PathConfinement confinement, List<String> components, String what)
            throws MetainfoException {
        try {
            return confinement.resolve(components);
        } catch (UnsafePathException e) {
            throw unsafe(what + " cannot be mapped safely: " + e.getMessage(), e);
        }
    }

    private static MetainfoException unsafe(String message, Throwable cause) {
        return new MetainfoException(MetainfoException.Kind.UNSAFE_PATH, "unsafe path: " + message, cause);
    }
}
