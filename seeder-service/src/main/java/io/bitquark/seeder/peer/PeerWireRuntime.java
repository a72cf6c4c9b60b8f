package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.FrameLimits;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.seeder.config.PeerWireConfig;
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
        FrameLimits frameLimits) {}
