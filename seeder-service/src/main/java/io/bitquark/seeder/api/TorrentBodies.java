package io.bitquark.seeder.api;

import io.bitquark.rest.ApiProblem;

/** The one check of a .torrent request body, for {@code /api/torrents} and {@code /pool/torrents} alike. */
final class TorrentBodies {

    private TorrentBodies() {}

    /** Refuses an empty body (400) and one over {@code maxTorrentSize} bytes (413). */
    static byte[] checked(byte[] torrent, int maxTorrentSize) {
        if (torrent == null || torrent.length == 0) {
            throw ApiProblem.badRequest("the body must be a .torrent file (application/x-bittorrent)");
        }
        if (torrent.length > maxTorrentSize) {
            throw new ApiProblem(
                    413,
                    "Torrent too large",
                    "the .torrent is " + torrent.length + " bytes; at most " + maxTorrentSize
                            + " are accepted (bitquark.seeder.max-torrent-size)");
        }
        return torrent;
    }
}
