package io.bitquark.seeder.peer;

import io.bitquark.seeder.config.ChokingConfig;
import io.bitquark.seeder.config.PeerEncryption;
import io.bitquark.seeder.config.PeerWireConfig;
import java.time.Duration;
import java.util.OptionalInt;

/** Peer-wire and choking settings for tests: the production defaults, each changeable. */
final class TestConfigs {

    private TestConfigs() {}

    static final class Peer implements PeerWireConfig {
        int maxConnections = 500;
        int maxConnectionsPerTorrent = 100;
        int maxBlockLength = 16384;
        int maxOutstandingRequests = 2000;
        Duration idleTimeout = Duration.ofMinutes(2);
        Duration snubTimeout = Duration.ofSeconds(60);
        Duration handshakeTimeout = Duration.ofSeconds(10);
        Duration keepAliveInterval = Duration.ofMinutes(1);
        int allowedFastCount = 10;
        int sendBufferWatermark = 3 * 1024 * 1024;
        OptionalInt eventLoops = OptionalInt.empty();
        PeerEncryption encryption = PeerEncryption.ENABLED;

        @Override
        public int maxConnections() {
            return maxConnections;
        }

        @Override
        public int maxConnectionsPerTorrent() {
            return maxConnectionsPerTorrent;
        }

        @Override
        public int maxBlockLength() {
            return maxBlockLength;
        }

        @Override
        public int maxOutstandingRequests() {
            return maxOutstandingRequests;
        }

        @Override
        public Duration idleTimeout() {
            return idleTimeout;
        }

        @Override
        public Duration snubTimeout() {
            return snubTimeout;
        }

        @Override
        public Duration handshakeTimeout() {
            return handshakeTimeout;
        }

        @Override
        public Duration keepAliveInterval() {
            return keepAliveInterval;
        }

        @Override
        public int allowedFastCount() {
            return allowedFastCount;
        }

        @Override
        public int sendBufferWatermark() {
            return sendBufferWatermark;
        }

        @Override
        public OptionalInt eventLoops() {
            return eventLoops;
        }

        @Override
        public PeerEncryption encryption() {
            return encryption;
        }
    }

    static final class Choking implements ChokingConfig {
        Algorithm algorithm = Algorithm.UNCHOKE_ALL;
        int unchokeSlots = 4;
        Duration unchokeInterval = Duration.ofSeconds(10);
        Duration optimisticInterval = Duration.ofSeconds(30);
        long uploadRateLimit;
        long torrentUploadRateLimit;
        long downloadRateLimit;
        long torrentDownloadRateLimit;

        @Override
        public Algorithm algorithm() {
            return algorithm;
        }

        @Override
        public int unchokeSlots() {
            return unchokeSlots;
        }

        @Override
        public Duration unchokeInterval() {
            return unchokeInterval;
        }

        @Override
        public Duration optimisticInterval() {
            return optimisticInterval;
        }

        @Override
        public long uploadRateLimit() {
            return uploadRateLimit;
        }

        @Override
        public long torrentUploadRateLimit() {
            return torrentUploadRateLimit;
        }

        @Override
        public long downloadRateLimit() {
            return downloadRateLimit;
        }

        @Override
        public long torrentDownloadRateLimit() {
            return torrentDownloadRateLimit;
        }
    }
}
