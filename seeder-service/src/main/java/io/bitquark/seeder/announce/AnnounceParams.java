package io.bitquark.seeder.announce;

import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.udp.UdpAnnounceRequest;
import io.netty.util.NetUtil;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * What one announce says about this seed, whatever the tracker's protocol: the torrent, our identity and
 * our counters. The seeder lifecycle supplies a fresh one for every announce, since the counters move.
 *
 * @param infoHash  20 bytes: the v1 info-hash, or the truncated v2 one for a v2-only torrent
 * @param peerId    this process's peer id
 * @param port      the peer-wire port announced (the bound one, or {@code bitquark.seeder.announce-port})
 * @param ip        {@code bitquark.seeder.announce-ip} (BEP 7 {@code ip}); absent, the tracker uses the
 *                  connection's address
 * @param numwant   peers asked for; a seed needs none
 * @param key       the BEP 7 {@code key}: stable for the torrent's life, so that a tracker recognises us
 *                  after an address change
 * @param trackerId the {@code tracker id} the tracker gave in its last answer, sent back (BEP 3); set by
 *                  the announcer per tracker, empty from the lifecycle
 */
public record AnnounceParams(
        byte[] infoHash,
        PeerId peerId,
        int port,
        Optional<String> ip,
        long uploaded,
        long downloaded,
        long left,
        int numwant,
        int key,
        Optional<String> trackerId) {

    public AnnounceParams {
        if (infoHash.length != AnnounceRequest.INFO_HASH_LENGTH) {
            throw new IllegalArgumentException("an announced info-hash has 20 bytes, not " + infoHash.length);
        }
        infoHash = infoHash.clone();
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(trackerId, "trackerId");
    }

    /** Parameters without a tracker id. */
    public static AnnounceParams of(
            byte[] infoHash,
            PeerId peerId,
            int port,
            Optional<String> ip,
            long uploaded,
            long downloaded,
            long left,
            int numwant,
            int key) {
        return new AnnounceParams(
                infoHash, peerId, port, ip, uploaded, downloaded, left, numwant, key, Optional.empty());
    }

    @Override
    public byte[] infoHash() {
        return infoHash.clone();
    }

    /** These parameters carrying one tracker's {@code tracker id}. */
    public AnnounceParams withTrackerId(Optional<String> id) {
        return new AnnounceParams(infoHash, peerId, port, ip, uploaded, downloaded, left, numwant, key, id);
    }

    /**
     * The key as HTTP carries it: the 32-bit value in lower-case hex without leading zeros, the text our
     * tracker-service makes of a UDP announce's key, so that a seed announcing to one tracker over both
     * protocols is one peer there.
     */
    String httpKey() {
        return Integer.toHexString(key);
    }

    /** The BEP 3 HTTP announce: compact peers (BEP 23), our key, the configured IP and the tracker id. */
    AnnounceRequest httpRequest(AnnounceEvent event) {
        AnnounceRequest.Builder request = AnnounceRequest.builder(infoHash, peerId.bytes(), port)
                .uploaded(uploaded)
                .downloaded(downloaded)
                .left(left)
                .event(event)
                .compact(true)
                .numWant(numwant)
                .key(httpKey());
        ip.ifPresent(request::ip);
        trackerId.ifPresent(request::trackerId);
        return request.build();
    }

    /**
     * The BEP 15 announce. Its IP field holds only an IPv4 address: an IPv6 or unparsable
     * {@code announce-ip} is sent as 0, which tells the tracker to use the packet's source address.
     */
    UdpAnnounceRequest udpRequest(long connectionId, int transactionId, AnnounceEvent event, byte[] urlData) {
        return new UdpAnnounceRequest(
                connectionId,
                transactionId,
                infoHash,
                peerId.bytes(),
                downloaded,
                left,
                uploaded,
                event,
                udpIpField(),
                key,
                numwant,
                port,
                urlData);
    }

    private int udpIpField() {
        byte[] address = ip.map(NetUtil::createByteArrayFromIpAddressString).orElse(null);
        return address != null && address.length == 4 ? ByteBuffer.wrap(address).getInt() : 0;
    }
}
