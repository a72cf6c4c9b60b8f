package io.bitquark.tracker.http;

import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.CompactAnnounceWriter;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.protocol.tracker.PeerListFormat;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.protocol.tracker.TrackerResponseEncoder;
import io.bitquark.tracker.announce.AnnounceService;
import io.bitquark.tracker.announce.PeerAddresses;
import io.bitquark.tracker.swarm.AnnounceBatch;
import io.bitquark.tracker.swarm.PeerEvent;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Between an HTTP announce and the batch: a parsed request goes into an {@link AnnounceBatch}, and its
 * answer comes out as the bencoded body (BEP 3, 23, 7): compact straight from the packed entries, the
 * dictionary forms through the general encoder.
 */
public final class HttpAnnounceCodec {

    private static final PeerListFormat[] FORMATS = PeerListFormat.values();

    private HttpAnnounceCodec() {}

    /**
     * Adds {@code request} to {@code batch} and returns its index.
     *
     * @param source    the address it came from (the peer's identity, with its peer id)
     * @param announced the address other peers are given
     */
    public static int add(
            AnnounceBatch batch,
            AnnounceRequest request,
            InetAddress source,
            InetAddress announced,
            AnnounceService announces) {
        int i = batch.add();
        System.arraycopy(
                request.infoHash(),
                0,
                batch.infoHashes(),
                AnnounceBatch.infoHashOffset(i),
                AnnounceBatch.INFO_HASH_LENGTH);
        System.arraycopy(request.peerId(), 0, batch.who(), AnnounceBatch.whoOffset(i), AnnounceBatch.PEER_ID_LENGTH);
        byte[] from = PeerAddresses.raw(source);
        batch.source(i, from, 0, from.length);
        byte[] to = PeerAddresses.raw(announced);
        batch.endpoint(i, to, 0, to.length, request.port());
        PeerListFormat format = PeerListFormat.requestedBy(request);
        batch.ask(
                i,
                request.left() == 0,
                PeerEvent.of(request.event()),
                announces.numwant(request.numWant().orElse(-1)),
                AnnounceBatch.IPV4 | AnnounceBatch.IPV6,
                format == PeerListFormat.DICTIONARY);
        batch.tag(i, format.ordinal());
        return i;
    }

    /** The bencoded answer to announce {@code i} of an answered batch, or its failure reason. */
    public static byte[] body(AnnounceBatch b, int i, AnnounceService announces) {
        String failure = AnnounceService.failureReason(b.outcome(i));
        if (failure != null) {
            return TrackerResponseEncoder.encode(TrackerFailure.of(failure));
        }
        PeerListFormat format = FORMATS[b.tag(i)];
        int v4 = b.ipv4Peers(i);
        int v6 = b.ipv6Peers(i);
        int at = b.peersOffset(i);
        if (format == PeerListFormat.COMPACT) {
            return CompactAnnounceWriter.write(
                    b.complete(i),
                    b.incomplete(i),
                    announces.interval(),
                    announces.minInterval(),
                    b.peers(),
                    at,
                    v4,
                    at + 6 * v4,
                    v6);
        }
        byte[] bytes = b.peers();
        List<Peer> peers = new ArrayList<>(v4 + v6);
        for (int k = 0, start = at; k < v4 + v6; k++) {
            boolean v6Entry = k >= v4;
            int length = v6Entry ? 16 : 4;
            int port = ((bytes[start + length] & 0xff) << 8) | (bytes[start + length + 1] & 0xff);
            Peer peer = Peer.of(Arrays.copyOfRange(bytes, start, start + length), port);
            if (b.withPeerIds(i)) {
                int id = start + length + 2;
                peer = peer.withPeerId(Arrays.copyOfRange(bytes, id, id + AnnounceBatch.PEER_ID_LENGTH));
            }
            peers.add(peer);
            start += b.entryLength(i, v6Entry);
        }
        AnnounceResponse response = AnnounceResponse.builder(announces.interval())
                .minInterval(announces.minInterval())
                .complete((int) Math.min(Integer.MAX_VALUE, b.complete(i)))
                .incomplete((int) Math.min(Integer.MAX_VALUE, b.incomplete(i)))
                .peers(peers)
                .build();
        return TrackerResponseEncoder.encode(response, format);
    }
}
