package io.bitquark.protocol.metainfo;

import io.bitquark.protocol.storage.PathSafety;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One file of a torrent, placed in the torrent's piece space.
 *
 * <p>{@link #path()} is relative to the torrent's root: inside the {@code name} directory for a
 * multi-file torrent, the file name itself ({@code name} for v1, the file tree key for v2) for a
 * single-file torrent. Components are kept exactly as the torrent spells them, unsafe ones included; see
 * {@link #pathProblem()}.
 *
 * <p>{@link #length()} is the number of payload bytes the file occupies. Following libtorrent, a symlink
 * occupies zero bytes whatever its {@code length} key says. {@link #offset()} is where the file starts in
 * the concatenated payload that pieces are cut from.
 *
 * @param path        the path components, never empty
 * @param length      payload bytes (0 for symlinks)
 * @param offset      start of the file in the torrent's payload
 * @param attributes  BEP 47 attributes
 * @param symlinkPath the link target relative to the torrent root (empty unless a symlink)
 * @param piecesRoot  the BEP 52 merkle root of the file (32 bytes), or {@code null} for v1-only files, empty
 *                    files, symlinks and pad files
 */
public record TorrentFile(
        List<String> path,
        long length,
        long offset,
        Set<FileAttribute> attributes,
        List<String> symlinkPath,
        byte[] piecesRoot) {

    public TorrentFile {
        path = List.copyOf(path);
        attributes = attributes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(attributes));
        symlinkPath = List.copyOf(symlinkPath);
        piecesRoot = piecesRoot == null ? null : piecesRoot.clone();
        if (length < 0 || offset < 0) {
            throw new IllegalArgumentException("negative length or offset");
        }
    }

    /** A pad file (BEP 47 {@code attr p}, or a BitComet {@code _____padding_file_}): zeros never written to disk. */
    public boolean isPadding() {
        return attributes.contains(FileAttribute.PAD);
    }

    public boolean isSymlink() {
        return attributes.contains(FileAttribute.SYMLINK);
    }

    @Override
    public byte[] piecesRoot() {
        return piecesRoot == null ? null : piecesRoot.clone();
    }

    /** The pieces root, if the file has one. */
    public Optional<byte[]> piecesRootIfPresent() {
        return Optional.ofNullable(piecesRoot());
    }

    /** The path joined with {@code '/'}, for messages and display. */
    public String displayPath() {
        return String.join("/", path);
    }

    /**
     * What is unsafe about this file's path or symlink target, or empty when both are safe to create under
     * a directory. See {@link PathSafety}.
     */
    public Optional<String> pathProblem() {
        Optional<String> problem = PathSafety.pathProblem(path);
        if (problem.isEmpty() && isSymlink()) {
            problem = PathSafety.pathProblem(symlinkPath).map(p -> "symlink target: " + p);
        }
        return problem;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorrentFile other
                && other.length == length
                && other.offset == offset
                && other.path.equals(path)
                && other.attributes.equals(attributes)
                && other.symlinkPath.equals(symlinkPath)
                && Arrays.equals(other.piecesRoot, piecesRoot);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, length, offset, attributes, symlinkPath) * 31 + Arrays.hashCode(piecesRoot);
    }

    @Override
    public String toString() {
        return "TorrentFile[" + displayPath() + ", length=" + length + ", offset=" + offset
                + (attributes.isEmpty() ? "" : ", attr=" + FileAttribute.format(attributes))
                + (symlinkPath.isEmpty() ? "" : ", -> " + String.join("/", symlinkPath)) + "]";
    }
}
