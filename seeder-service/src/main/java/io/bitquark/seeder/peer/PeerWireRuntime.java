package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.FrameLimits;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.seeder.config.PeerWireConfig;
import io.vertx.core.Context;

/** What every connection of one server shares: its event loop, settings, registry and listener. */
record PeerWireRuntime(
        Context context,
        PeerWireConfig config,
        TorrentDirectory directory,
        PeerWireListener listener,
        PeerId localId,
        String clientVersion,
        PeerRegistry registry,
        RequestPolicy policy,
        FrameLimits frameLimits) {}
