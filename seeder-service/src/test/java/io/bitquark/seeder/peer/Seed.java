package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.PeerId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/** A running peer-wire server on an ephemeral loopback port, with its own Vert.x, for one test. */
final class Seed implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final TestConfigs.Peer peer;
    final TestConfigs.Choking choking;
    final TestDirectory directory = new TestDirectory();
    final RecordingListener listener = new RecordingListener();
    final PeerId localId = PeerId.generate();
    final PeerWireServer server;
    final int port;

    Seed(TestConfigs.Peer peer, TestConfigs.Choking choking, ServedTorrent... torrents) {
        this.peer = peer;
        this.choking = choking;
        for (ServedTorrent torrent : torrents) {
            directory.add(torrent);
        }
        server = new PeerWireServer(vertx, directory, peer, choking, localId, listener);
        port = await(server.start("127.0.0.1", 0, 0));
    }

    Seed(ServedTorrent... torrents) {
        this(new TestConfigs.Peer(), new TestConfigs.Choking(), torrents);
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            await(server.close());
        } finally {
            await(vertx.close());
        }
    }
}
