package io.bitquark.seeder.download;

/**
 * Where a torrent's download gets blocks from, as its {@link PiecePicker} names requesters: a peer
 * ({@link DownloadRole}) or a web seed ({@link WebSeed}).
 */
interface DownloadSource {

    /** Another source sent a block that was also asked of this one: it is not wanted from here any more. */
    void cancel(int piece, int begin, int length);
}
