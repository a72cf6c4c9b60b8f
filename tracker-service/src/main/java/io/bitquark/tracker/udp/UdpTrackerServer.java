package io.bitquark.tracker.udp;

import io.bitquark.tracker.announce.AnnounceService;
import io.bitquark.tracker.announce.ScrapeService;
import io.bitquark.tracker.announce.TrackerMetrics;
import io.bitquark.tracker.config.TrackerConfig;
import io.bitquark.tracker.config.UdpConfig;
import io.bitquark.tracker.http.PeerAddressResolver;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoop;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The UDP tracker (BEP 15, with BEP 41 option trailers) on its own port.
 *
 * <p>It runs on Vert.x's own event loops, below Vert.x: on Linux with the native transport it binds one
 * {@code SO_REUSEPORT} socket per event loop, so the kernel spreads clients over the loops, and reads each
 * socket with {@code recvmmsg} into a fixed small buffer ({@link UdpConfig#receiveBuffer()} is
 * {@code SO_RCVBUF}). Each packet is handled to completion on the loop that read it by a
 * {@link UdpTrackerHandler}; announces of one read batch go to the store together and their replies leave
 * with one flush. Elsewhere it falls back to one NIO socket.
 *
 * <p>Connection ids are stateless ({@link ConnectionIds}), so any replica answers any client; nothing is
 * kept per client.
 */
@ApplicationScoped
public class UdpTrackerServer {

    private static final Logger LOG = Logger.getLogger(UdpTrackerServer.class);
    static final String INVALID_CONNECTION_ID = "invalid or expired connection id";
    /** The largest datagram a read slot holds: BEP 15 requests are far smaller. */
    static final int MAX_DATAGRAM = 2048;
    /** Datagrams one {@code recvmmsg} reads at most. */
    static final int READ_BATCH = 32;

    private final Vertx vertx;
    private final AnnounceService announces;
    private final ScrapeService scrapes;
    private final PeerAddressResolver addresses;
    private final TrackerMetrics metrics;
    private final UdpConfig config;
    private final ConnectionIds connectionIds;
    private final List<Channel> channels = new ArrayList<>();
    private volatile int port = -1;

    public UdpTrackerServer(
            Vertx vertx,
            AnnounceService announces,
            ScrapeService scrapes,
            PeerAddressResolver addresses,
            TrackerMetrics metrics,
            TrackerConfig config) {
        this.vertx = vertx;
        this.announces = announces;
        this.scrapes = scrapes;
        this.addresses = addresses;
        this.metrics = metrics;
        this.config = config.udp();
        this.connectionIds = new ConnectionIds(secret(config.udp()), System::currentTimeMillis);
    }

    private static byte[] secret(UdpConfig config) {
        if (config.secret().isPresent() && !config.secret().get().isBlank()) {
            byte[] secret = config.secret().get().getBytes(StandardCharsets.UTF_8);
            if (secret.length < 16) {
                throw new IllegalArgumentException("bitquark.tracker.udp.secret must be at least 16 bytes");
            }
            return secret;
        }
        LOG.warn("bitquark.tracker.udp.secret is not set: using a random key. UDP connection ids issued by this "
                + "replica will not be accepted by other replicas; set the same secret on every replica.");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }

    void start(@Observes StartupEvent event) throws InterruptedException {
        if (!config.enabled()) {
            return;
        }
        EventLoopGroup loops = ((VertxInternal) vertx.getDelegate()).getEventLoopGroup();
        boolean epoll = Epoll.isAvailable() && loops.next() instanceof EpollEventLoop;
        int sockets = epoll ? loopCount(loops) : 1;
        int bound = config.port();
        for (int s = 0; s < sockets; s++) {
            Bootstrap bootstrap = new Bootstrap()
                    .group(loops)
                    .option(ChannelOption.SO_RCVBUF, config.receiveBuffer())
                    .option(ChannelOption.SO_SNDBUF, config.receiveBuffer())
                    .handler(new UdpTrackerHandler(announces, scrapes, addresses, metrics, connectionIds, config));
            if (epoll) {
                bootstrap
                        .channel(EpollDatagramChannel.class)
                        .option(EpollChannelOption.SO_REUSEPORT, true)
                        .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
                        .option(
                                ChannelOption.RCVBUF_ALLOCATOR,
                                new FixedRecvByteBufAllocator(MAX_DATAGRAM * READ_BATCH));
            } else {
                bootstrap
                        .channel(NioDatagramChannel.class)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
            }
            Channel channel = bootstrap.bind(config.host(), bound).sync().channel();
            channels.add(channel);
            bound = ((InetSocketAddress) channel.localAddress()).getPort();
        }
        port = bound;
        LOG.infof(
                "UDP tracker (BEP 15) listening on %s:%d (%d %s socket%s)",
                config.host(), port, sockets, epoll ? "epoll SO_REUSEPORT" : "NIO", sockets == 1 ? "" : "s");
    }

    private static int loopCount(EventLoopGroup loops) {
        int n = 0;
        for (io.netty.util.concurrent.EventExecutor ignored : loops) {
            n++;
        }
        return Math.max(1, n);
    }

    void stop(@Observes ShutdownEvent event) {
        for (Channel channel : channels) {
            channel.close().syncUninterruptibly();
        }
        channels.clear();
    }

    /** The bound UDP port (useful when configured as 0), or -1 when not running. */
    public int port() {
        return port;
    }
}
