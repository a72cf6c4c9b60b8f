package io.bitquark.metainfo.api;

import io.bitquark.rest.ApiProblem;
import java.io.IOException;
import java.io.InputStream;

/** Reads a .torrent request body with a bound, so that nobody can make us buffer gigabytes as a "torrent". */
final class TorrentBodies {

    /** The largest .torrent accepted: 32 MiB (libtorrent's default metadata limit is 30 MiB). */
    static final int MAX_TORRENT_SIZE = 32 * 1024 * 1024;

    private TorrentBodies() {}

    static byte[] read(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(MAX_TORRENT_SIZE + 1);
            if (bytes.length > MAX_TORRENT_SIZE) {
                throw new ApiProblem(
                        413, "Torrent too large", "a .torrent may be at most " + MAX_TORRENT_SIZE + " bytes");
            }
            if (bytes.length == 0) {
                throw ApiProblem.badRequest(
                        "the request body is empty: send the .torrent file as application/x-bittorrent");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiProblem.badRequest("could not read the request body: " + e.getMessage());
        }
    }
}
