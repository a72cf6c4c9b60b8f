package io.bitquark.tracker.udp;

import io.bitquark.protocol.tracker.AddressFamily;
import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.protocol.tracker.udp.UdpAnnounceRequest;
import io.bitquark.protocol.tracker.udp.UdpAnnounceResponse;
import io.bitquark.protocol.tracker.udp.UdpConnectRequest;
import io.bitquark.protocol.tracker.udp.UdpConnectResponse;
import io.bitquark.protocol.tracker.udp.UdpErrorResponse;
import io.bitquark.protocol.tracker.udp.UdpPacketException;
import io.bitquark.protocol.tracker.udp.UdpScrapeRequest;
import io.bitquark.protocol.tracker.udp.UdpScrapeResponse;
import io.bitquark.protocol.tracker.udp.UdpTrackerPackets;
import io.bitquark.protocol.tracker.udp.UdpTrackerRequest;
import io.bitquark.tracker.announce.AnnounceCall;
import io.bitquark.tracker.announce.AnnounceService;
import io.bitquark.tracker.announce.PeerAddresses;
import io.bitquark.tracker.announce.ScrapeService;
import io.bitquark.tracker.announce.TrackerMetrics;
import io.bitquark.tracker.config.TrackerConfig;
import io.bitquark.tracker.config.UdpConfig;
import io.bitquark.tracker.http.PeerAddressResolver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.datagram.DatagramPacket;
import io.vertx.mutiny.core.datagram.DatagramSocket;
import io.vertx.mutiny.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The UDP tracker (BEP 15, with BEP 41 option trailers), on its own port, as a thin adapter over
 * {@link AnnounceService} and {@link ScrapeService}.
 *
 * <p>Connection ids are stateless ({@link ConnectionIds}), so any replica answers any client. Announces
 * that arrive in the same event-loop turn are handed to the store together, so the Redis store applies
 * them in one script call. Bad packets get a BEP 15 error packet; nothing is kept per client.
 */
@ApplicationScoped
public class UdpTrackerServer {

    private static final Logger LOG = Logger.getLogger(UdpTrackerServer.class);
    static final String INVALID_CONNECTION_ID = "invalid or expired connection id";

    private final Vertx vertx;
    private final AnnounceService announces;
    private final ScrapeService scrapes;
    private final PeerAddressResolver addresses;
    private final TrackerMetrics metrics;
    private final UdpConfig config;
    private final ConnectionIds connectionIds;
    private DatagramSocket socket;
    private volatile int port = -1;
    private List<Pending> pending = new ArrayList<>();

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

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        socket = vertx.createDatagramSocket(
                new DatagramSocketOptions().setReceiveBufferSize(4 << 20).setSendBufferSize(4 << 20));
        socket.handler(this::onPacket);
        socket.listenAndAwait(config.port(), config.host());
        port = socket.localAddress().port();
        LOG.infof("UDP tracker (BEP 15) listening on %s:%d", config.host(), port);
    }

    void stop(@Observes ShutdownEvent event) {
        if (socket != null) {
            socket.closeAndAwait();
        }
    }

    /** The bound UDP port (useful when configured as 0), or -1 when not running. */
    public int port() {
        return port;
    }

    private void onPacket(DatagramPacket packet) {
        long start = System.nanoTime();
        byte[] data = packet.data().getBytes();
        SocketAddress sender = packet.sender();
        InetAddress address;
        try {
            address = InetAddress.getByName(sender.hostAddress());
        } catch (UnknownHostException e) {
            return;
        }
        UdpTrackerRequest request;
        try {
            request = UdpTrackerPackets.decodeRequest(data);
        } catch (UdpPacketException e) {
            metrics.refused("udp", e.kind().name().toLowerCase());
            send(sender, new UdpErrorResponse(transactionId(data), e.getMessage()).encode());
            return;
        }
        if (request instanceof UdpConnectRequest connect) {
            send(
                    sender,
                    new UdpConnectResponse(connect.transactionId(), connectionIds.issue(PeerAddresses.raw(address)))
                            .encode());
            metrics.record("connect", "udp", "ok", start);
            return;
        }
        if (request instanceof UdpAnnounceRequest announce) {
            if (!connectionIds.isValid(announce.connectionId(), PeerAddresses.raw(address))) {
                refuseConnectionId(sender, announce.transactionId());
                return;
            }
            onAnnounce(announce, address, sender);
            return;
        }
        UdpScrapeRequest scrape = (UdpScrapeRequest) request;
        if (!connectionIds.isValid(scrape.connectionId(), PeerAddresses.raw(address))) {
            refuseConnectionId(sender, scrape.transactionId());
            return;
        }
        scrapes.scrape(scrape.infoHashes(), "udp").subscribe().with(outcome -> {
            if (outcome.failure() != null) {
                send(sender, new UdpErrorResponse(scrape.transactionId(), outcome.failure()).encode());
                return;
            }
            List<UdpScrapeResponse.Entry> entries = new ArrayList<>();
            outcome.counts()
                    .forEach(c -> entries.add(new UdpScrapeResponse.Entry(
                            clamp(c.complete()), clamp(c.downloaded()), clamp(c.incomplete()))));
            send(sender, new UdpScrapeResponse(scrape.transactionId(), entries).encode());
        });
    }

    private void refuseConnectionId(SocketAddress sender, int transactionId) {
        metrics.refused("udp", "connection_id");
        send(sender, new UdpErrorResponse(transactionId, INVALID_CONNECTION_ID).encode());
    }

    private void onAnnounce(UdpAnnounceRequest udp, InetAddress address, SocketAddress sender) {
        if (udp.port() == 0) {
            metrics.refused("udp", "bad_port");
            send(sender, new UdpErrorResponse(udp.transactionId(), "invalid port 0").encode());
            return;
        }
        AnnounceRequest.Builder b = AnnounceRequest.builder(udp.infoHash(), udp.peerId(), udp.port())
                .uploaded(udp.uploaded())
                .downloaded(udp.downloaded())
                .left(udp.left())
                .event(udp.event())
                .key(Integer.toHexString(udp.key()));
        if (udp.numWant() >= 0) {
            b.numWant(udp.numWant());
        }
        if (udp.ipAddress() != 0) {
            b.ip(InetAddressText.ipv4(udp.ipAddress()));
        }
        AnnounceRequest request = b.build();
        InetAddress effective = addresses.resolve(address, null, request);
        boolean first = pending.isEmpty();
        pending.add(new Pending(
                new AnnounceCall(request, effective, "udp"),
                udp.transactionId(),
                sender,
                PeerAddresses.isV4(address) ? AddressFamily.IPV4 : AddressFamily.IPV6));
        if (first) {
            vertx.getOrCreateContext().runOnContext(this::flush);
        }
    }

    /** Hands every announce received in this event-loop turn to the store at once. */
    private void flush() {
        List<Pending> batch = pending;
        pending = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += config.maxBatch()) {
            List<Pending> part = batch.subList(from, Math.min(batch.size(), from + config.maxBatch()));
            List<AnnounceCall> calls = new ArrayList<>(part.size());
            part.forEach(p -> calls.add(p.call()));
            announces.announceAll(calls).subscribe().with(results -> {
                for (int i = 0; i < part.size(); i++) {
                    reply(part.get(i), results.get(i));
                }
            });
        }
    }

    private void reply(Pending p, AnnounceResult result) {
        if (result instanceof TrackerFailure f) {
            send(p.sender(), new UdpErrorResponse(p.transactionId(), f.reason()).encode());
            return;
        }
        AnnounceResponse r = (AnnounceResponse) result;
        List<Peer> sameFamily = new ArrayList<>(r.peers().size());
        int max = UdpAnnounceResponse.maxPeers(p.family());
        for (Peer peer : r.peers()) {
            if (peer.family() == p.family() && sameFamily.size() < max) {
                sameFamily.add(peer.withoutPeerId());
            }
        }
        send(
                p.sender(),
                new UdpAnnounceResponse(
                                p.transactionId(),
                                r.interval(),
                                r.incomplete().orElse(0),
                                r.complete().orElse(0),
                                p.family(),
                                sameFamily)
                        .encode());
    }

    private void send(SocketAddress to, byte[] packet) {
        socket.send(Buffer.buffer(packet), to.port(), to.hostAddress())
                .subscribe()
                .with(ok -> {}, failure -> LOG.debugf("UDP send to %s failed: %s", to, failure.getMessage()));
    }

    /** The transaction id of a request, where the packet is long enough to hold one (offset 12). */
    private static int transactionId(byte[] data) {
        return data.length >= 16 ? ByteBuffer.wrap(data, 12, 4).getInt() : 0;
    }

    private static int clamp(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }

    private record Pending(AnnounceCall call, int transactionId, SocketAddress sender, AddressFamily family) {}

    /** Dotted-quad text of a BEP 15 IPv4 field. */
    static final class InetAddressText {
        private InetAddressText() {}

        static String ipv4(int ip) {
            return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
        }
    }
}
