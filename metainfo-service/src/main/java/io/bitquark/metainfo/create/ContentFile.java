package io.bitquark.metainfo.create;

import java.nio.file.Path;
import java.util.List;

/** One file of a torrent's content: its path inside the torrent, where it is on disk, and its length. */
public record ContentFile(List<String> path, Path location, long length) {

    public ContentFile {
        path = List.copyOf(path);
    }
}
