package io.bitquark.seeder.upload;

import io.bitquark.seeder.config.ChokingConfig;
import io.bitquark.seeder.config.PeerWireConfig;
import io.bitquark.seeder.download.TorrentDownload;
import io.bitquark.seeder.peer.PeerLink;
import io.bitquark.seeder.peer.ServedTorrent;
import io.bitquark.seeder.rate.Throttle;
import io.bitquark.seeder.rate.TokenBucket;
import java.time.Duration;
import java.util.Optional;

/**
 * The upload side of one peer-wire server: the request policy and the process-wide upload limit, shared by every
 * connection; a {@link TorrentUpload} per torrent; an {@link UploadRole} per connection.
 */
public final class Uploads {

    private final PeerWireConfig config;
    private final ChokingConfig choking;
    private final RequestPolicy policy;
    private final TokenBucket global;

    public Uploads(PeerWireConfig config, ChokingConfig choking, long now) {
        this.config = config;
        this.choking = choking;
        this.policy = new RequestPolicy(config.maxBlockLength(), config.maxOutstandingRequests());
        this.global = new TokenBucket(choking.uploadRateLimit(), now);
    }

    /**
     * The choker and upload limits of {@code torrent}, whose first peer arrives at {@code now}: the process-wide
     * limit with the torrent's own.
     */
    public TorrentUpload forTorrent(ServedTorrent torrent, long now) {
        return new TorrentUpload(
                Choker.of(choking, now, () -> downloading(torrent)),
                new Throttle(global, torrent.rateLimits().upload()));
    }

    /** Whether {@code torrent} is fetching pieces: its download exists, is not complete and has not failed. */
    private static boolean downloading(ServedTorrent torrent) {
        TorrentDownload download = torrent.download();
        return download != null && download.error() == null && !download.finished();
    }

    /** The upload role of a connection that has just completed its handshake. */
    public UploadRole attach(PeerLink link, TorrentUpload torrent) {
        return new UploadRole(link, torrent, policy, config);
    }

    /** How often {@link TorrentUpload#tick} must run: only round-robin choking rechokes on a timer. */
    public Optional<Duration> rechokeInterval() {
        if (choking.algorithm() != ChokingConfig.Algorithm.ROUND_ROBIN) {
            return Optional.empty();
        }
        Duration unchoke = choking.unchokeInterval();
        Duration optimistic = choking.optimisticInterval();
        return Optional.of(unchoke.compareTo(optimistic) <= 0 ? unchoke : optimistic);
    }

    /**
     * Whether every connection must run on one event loop: a choker that rechokes on a timer (round-robin) hands
     * slots between the peers of a torrent, so all of them must be on its thread. Unchoke-all decides each peer
     * on its own, on that peer's loop.
     */
    public boolean needsOneEventLoop() {
        return rechokeInterval().isPresent();
    }
}
