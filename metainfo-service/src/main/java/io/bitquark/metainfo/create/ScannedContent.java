package io.bitquark.metainfo.create;

import java.nio.file.Path;
import java.util.List;

/**
 * Content found under the content root: a single file, or a directory's files in torrent order.
 *
 * @param name       the torrent's default name: the file's or directory's own name
 * @param location   the file or directory on disk
 * @param singleFile whether this is a single-file torrent (the path named a file)
 * @param files      the files, in torrent order (see {@link ContentScanner})
 */
public record ScannedContent(String name, Path location, boolean singleFile, List<ContentFile> files) {

    public ScannedContent {
        files = List.copyOf(files);
    }

    public long totalSize() {
        long total = 0;
        for (ContentFile f : files) {
            total += f.length();
        }
        return total;
    }
}
