package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.FrameLimits;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.seeder.config.PeerWireConfig;
import io.bitquark.seeder.rate.Throttle;
import io.bitquark.seeder.rate.TokenBucket;
import io.bitquark.seeder.upload.Uploads;

/**
 * What every connection of one server shares, whichever event loop it runs on: settings, registry, listener, the
 * upload side, and the process-wide download limit.
 */
record PeerWireRuntime(
        PeerWireConfig config,
        TorrentDirectory directory,
        PeerWireListener listener,
        PeerId localId,
        String clientVersion,
        PeerRegistry registry,
        Uploads uploads,
        TokenBucket downloadLimit,
        FrameLimits frameLimits) {

    /** The download limits a transfer of {@code torrent} is charged to: the process-wide one and the torrent's. */
    Throttle downloadThrottle(ServedTorrent torrent) {
        return new Throttle(downloadLimit, torrent.rateLimits().download());
    }
}
