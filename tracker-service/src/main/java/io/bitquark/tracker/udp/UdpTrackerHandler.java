package io.bitquark.tracker.udp;

import io.bitquark.protocol.tracker.AddressFamily;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.udp.UdpAction;
import io.bitquark.protocol.tracker.udp.UdpAnnounceRequest;
import io.bitquark.protocol.tracker.udp.UdpAnnounceResponse;
import io.bitquark.protocol.tracker.udp.UdpConnectRequest;
import io.bitquark.protocol.tracker.udp.UdpConnectResponse;
import io.bitquark.protocol.tracker.udp.UdpErrorResponse;
import io.bitquark.protocol.tracker.udp.UdpPacketException;
import io.bitquark.protocol.tracker.udp.UdpScrapeRequest;
import io.bitquark.protocol.tracker.udp.UdpScrapeResponse;
import io.bitquark.protocol.tracker.udp.UdpTrackerPackets;
import io.bitquark.tracker.announce.AnnounceService;
import io.bitquark.tracker.announce.PeerAddresses;
import io.bitquark.tracker.announce.ScrapeService;
import io.bitquark.tracker.announce.TrackerMetrics;
import io.bitquark.tracker.config.UdpConfig;
import io.bitquark.tracker.http.PeerAddressResolver;
import io.bitquark.tracker.swarm.AnnounceBatch;
import io.bitquark.tracker.swarm.PeerEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * One UDP socket's packet path, confined to the event loop that reads the socket: decode, check the
 * connection id, put announces into the loop's {@link AnnounceBatch}, and when the read batch ends hand
 * them to {@link AnnounceService} together and write every reply before one flush. Connects, scrapes and
 * refusals are answered from the same loop. Bad packets get a BEP 15 error packet.
 */
final class UdpTrackerHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(UdpTrackerHandler.class);
    private static final int HEADER = 20;

    private final AnnounceService announces;
    private final ScrapeService scrapes;
    private final PeerAddressResolver addresses;
    private final TrackerMetrics metrics;
    private final ConnectionIds connectionIds;
    private final int maxBatch;
    private final LongAdder connects;
    private final ArrayDeque<AnnounceBatch> spare = new ArrayDeque<>();
    private final byte[] v4 = new byte[4];
    private AnnounceBatch batch;
    /** Whether a read batch is being handled: its replies are flushed once, when it completes. */
    private boolean reading;

    UdpTrackerHandler(
            AnnounceService announces,
            ScrapeService scrapes,
            PeerAddressResolver addresses,
            TrackerMetrics metrics,
            ConnectionIds connectionIds,
            UdpConfig config) {
        this.announces = announces;
        this.scrapes = scrapes;
        this.addresses = addresses;
        this.metrics = metrics;
        this.connectionIds = connectionIds;
        this.maxBatch = Math.max(1, config.maxBatch());
        this.connects = metrics.connects("udp");
        this.batch = new AnnounceBatch(this.maxBatch);
    }

    @Override
    public boolean isSharable() {
        return false;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket datagram = (DatagramPacket) msg;
        reading = true;
        try {
            ByteBuf content = datagram.content();
            byte[] packet = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), packet);
            onPacket(ctx, packet, datagram.sender());
        } catch (RuntimeException e) {
            LOG.debugf("UDP packet from a client was dropped: %s", e.toString());
        } finally {
            datagram.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushAnnounces(ctx);
        reading = false;
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debugf("UDP socket error: %s", cause.toString());
    }

    private void onPacket(ChannelHandlerContext ctx, byte[] packet, InetSocketAddress sender) {
        InetAddress address = sender.getAddress();
        byte[] raw = raw(address);
        UdpAction action;
        try {
            action = UdpTrackerPackets.classifyRequest(packet);
            if (action == UdpAction.ANNOUNCE) {
                AnnounceEvent event = UdpAnnounceRequest.check(packet);
                onAnnounce(ctx, packet, event, sender, raw);
                return;
            }
            if (action == UdpAction.CONNECT) {
                UdpConnectRequest connect = UdpConnectRequest.decode(packet);
                reply(ctx, sender, new UdpConnectResponse(connect.transactionId(), connectionIds.issue(raw)).encode());
                connects.increment();
                return;
            }
            onScrape(ctx, UdpScrapeRequest.decode(packet), sender, raw);
        } catch (UdpPacketException e) {
            metrics.refused("udp", e.kind().name().toLowerCase());
            announces.badRequest(AnnounceService.Protocol.UDP);
            reply(ctx, sender, new UdpErrorResponse(transactionId(packet), e.getMessage()).encode());
        }
    }

    /** The raw source address: the 4 bytes of an IPv4 address (also when it arrives IPv4-mapped), or 16. */
    private byte[] raw(InetAddress address) {
        if (address instanceof Inet4Address) {
            int ip = address.hashCode(); // an Inet4Address's hash code is its address
            v4[0] = (byte) (ip >>> 24);
            v4[1] = (byte) (ip >>> 16);
            v4[2] = (byte) (ip >>> 8);
            v4[3] = (byte) ip;
            return v4;
        }
        return PeerAddresses.raw(address);
    }

    private void onAnnounce(
            ChannelHandlerContext ctx, byte[] packet, AnnounceEvent event, InetSocketAddress sender, byte[] raw) {
        ByteBuffer fields = ByteBuffer.wrap(packet);
        int transactionId = fields.getInt(UdpAnnounceRequest.TRANSACTION_ID);
        if (!connectionIds.isValid(fields.getLong(0), raw)) {
            metrics.refused("udp", "connection_id");
            reply(ctx, sender, new UdpErrorResponse(transactionId, UdpTrackerServer.INVALID_CONNECTION_ID).encode());
            return;
        }
        int port = fields.getShort(UdpAnnounceRequest.PORT) & 0xffff;
        if (port == 0) {
            metrics.refused("udp", "bad_port");
            reply(ctx, sender, new UdpErrorResponse(transactionId, "invalid port 0").encode());
            return;
        }
        AnnounceBatch b = batch;
        int i = b.add();
        System.arraycopy(
                packet,
                UdpAnnounceRequest.INFO_HASH,
                b.infoHashes(),
                AnnounceBatch.infoHashOffset(i),
                AnnounceBatch.INFO_HASH_LENGTH);
        System.arraycopy(
                packet, UdpAnnounceRequest.PEER_ID, b.who(), AnnounceBatch.whoOffset(i), AnnounceBatch.PEER_ID_LENGTH);
        b.source(i, raw, 0, raw.length);
        int announcedIp = fields.getInt(UdpAnnounceRequest.IP_ADDRESS);
        if (announcedIp != 0 && addresses.mayOverride(sender.getAddress())) {
            b.endpoint(i, packet, UdpAnnounceRequest.IP_ADDRESS, 4, port);
        } else {
            b.endpoint(i, raw, 0, raw.length, port);
        }
        boolean v6 = b.endpointLength(i) == 18;
        int wanted = Math.min(
                announces.numwant(fields.getInt(UdpAnnounceRequest.NUM_WANT)),
                UdpAnnounceResponse.maxPeers(v6 ? AddressFamily.IPV6 : AddressFamily.IPV4));
        b.ask(
                i,
                fields.getLong(UdpAnnounceRequest.LEFT) == 0,
                PeerEvent.of(event),
                wanted,
                v6 ? AnnounceBatch.IPV6 : AnnounceBatch.IPV4,
                false);
        b.attach(i, sender);
        b.tag(i, transactionId);
        if (b.size() >= maxBatch) {
            flushAnnounces(ctx);
        }
    }

    /** Hands the announces of this read batch to the store; their replies are written when it answers. */
    private void flushAnnounces(ChannelHandlerContext ctx) {
        AnnounceBatch full = batch;
        if (full.isEmpty()) {
            return;
        }
        AnnounceBatch next = spare.poll();
        batch = next != null ? next : new AnnounceBatch(maxBatch);
        announces.announce(full, AnnounceService.Protocol.UDP, () -> {
            if (ctx.executor().inEventLoop()) {
                answer(ctx, full, !reading); // a store answering later on this loop needs its own flush
            } else {
                ctx.executor().execute(() -> answer(ctx, full, true));
            }
        });
    }

    private void answer(ChannelHandlerContext ctx, AnnounceBatch answered, boolean flush) {
        int interval = announces.interval();
        for (int i = 0; i < answered.size(); i++) {
            InetSocketAddress to = (InetSocketAddress) answered.attachment(i);
            String failure = AnnounceService.failureReason(answered.outcome(i));
            if (failure != null) {
                reply(ctx, to, new UdpErrorResponse(answered.tag(i), failure).encode());
                continue;
            }
            boolean v6 = answered.endpointLength(i) == 18;
            int count = v6 ? answered.ipv6Peers(i) : answered.ipv4Peers(i);
            int entry = answered.entryLength(i, v6);
            int from = answered.peersOffset(i) + (v6 ? answered.ipv4Peers(i) * answered.entryLength(i, false) : 0);
            // announce response: <action=1><transaction id><interval><leechers><seeders> then compact peers (BEP 15)
            ByteBuf out = ctx.alloc().directBuffer(HEADER + count * entry);
            out.writeInt(UdpAction.ANNOUNCE.code())
                    .writeInt(answered.tag(i))
                    .writeInt(interval)
                    .writeInt(clamp(answered.incomplete(i)))
                    .writeInt(clamp(answered.complete(i)))
                    .writeBytes(answered.peers(), from, count * entry);
            ctx.write(new DatagramPacket(out, to));
        }
        answered.clear();
        spare.push(answered);
        if (flush) {
            ctx.flush();
        }
    }

    private void onScrape(ChannelHandlerContext ctx, UdpScrapeRequest scrape, InetSocketAddress sender, byte[] raw) {
        if (!connectionIds.isValid(scrape.connectionId(), raw)) {
            metrics.refused("udp", "connection_id");
            reply(
                    ctx,
                    sender,
                    new UdpErrorResponse(scrape.transactionId(), UdpTrackerServer.INVALID_CONNECTION_ID).encode());
            return;
        }
        scrapes.scrape(scrape.infoHashes(), "udp").subscribe().with(outcome -> {
            byte[] packet;
            if (outcome.failure() != null) {
                packet = new UdpErrorResponse(scrape.transactionId(), outcome.failure()).encode();
            } else {
                List<UdpScrapeResponse.Entry> entries = new ArrayList<>();
                outcome.counts()
                        .forEach(c -> entries.add(new UdpScrapeResponse.Entry(
                                clamp(c.complete()), clamp(c.downloaded()), clamp(c.incomplete()))));
                packet = new UdpScrapeResponse(scrape.transactionId(), entries).encode();
            }
            ctx.writeAndFlush(
                    new DatagramPacket(ctx.alloc().directBuffer(packet.length).writeBytes(packet), sender));
        });
    }

    private static void reply(ChannelHandlerContext ctx, InetSocketAddress to, byte[] packet) {
        ctx.write(new DatagramPacket(ctx.alloc().directBuffer(packet.length).writeBytes(packet), to));
    }

    /** The transaction id of a request, where the packet is long enough to hold one (offset 12). */
    private static int transactionId(byte[] data) {
        return data.length >= 16 ? ByteBuffer.wrap(data, 12, 4).getInt() : 0;
    }

    private static int clamp(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }
}
