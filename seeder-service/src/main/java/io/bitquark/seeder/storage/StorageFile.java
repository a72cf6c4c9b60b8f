package io.bitquark.seeder.storage;

import io.bitquark.protocol.metainfo.TorrentFile;
import java.nio.file.Path;

/**
 * One file of a torrent that holds data on disk (pad files and symlinks have none), where it lives, and which
 * pieces it takes part in.
 *
 * @param index      its position among the torrent's data files, the index {@link FileStamp}s are kept by
 * @param file       the torrent's description of it
 * @param path       where its bytes are read from: absolute, normalized, inside the content path
 * @param firstPiece the first piece holding its bytes
 * @param endPiece   one past the last piece holding its bytes ({@code firstPiece} for an empty file)
 */
public record StorageFile(int index, TorrentFile file, Path path, int firstPiece, int endPiece) {

    /** Payload bytes, as the torrent declares them. */
    public long length() {
        return file.length();
    }

    /** Where the file starts in the torrent's piece space. */
    public long offset() {
        return file.offset();
    }

    /** Whether piece {@code piece} holds bytes of this file. */
    public boolean touches(int piece) {
        return piece >= firstPiece && piece < endPiece;
    }
}
