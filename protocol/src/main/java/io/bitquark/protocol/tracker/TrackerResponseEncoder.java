package io.bitquark.protocol.tracker;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.bencode.BencodeEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes HTTP tracker responses as canonical bencode (sorted keys), for the tracker side.
 *
 * <pre>
 * announce, compact     d8:completei5e10:incompletei3e8:intervali1800e12:min intervali900e
 *                        5:peers6:&lt;4-byte ip&gt;&lt;2-byte port&gt;  [6:peers618:&lt;16-byte ip&gt;&lt;2-byte port&gt;]
 *                        [10:tracker id..] [15:warning message..]e                  BEP 3, BEP 23, BEP 7
 * announce, dictionary  ... 5:peersld2:ip8:10.0.0.17:peer id20:...4:porti6881eee     BEP 3
 * failure               d14:failure reason13:unknown event[8:retry ini30e]e         BEP 3, BEP 31
 * scrape                d5:filesd20:&lt;info-hash&gt;d8:completei5e10:downloadedi9e
 *                        10:incompletei3e[4:name..]eee                              BEP 48
 * </pre>
 *
 * <p>In compact form {@code peers} is always present (possibly empty) and {@code peers6} only when there
 * are IPv6 peers. In dictionary form both families share {@code peers}, IPv6 addresses written as text.
 */
public final class TrackerResponseEncoder {

    private TrackerResponseEncoder() {}

    public static byte[] encode(AnnounceResponse response, PeerListFormat format) {
        BDictionary.Builder d = BDictionary.builder().put("interval", response.interval());
        response.minInterval().ifPresent(v -> d.put("min interval", v));
        response.complete().ifPresent(v -> d.put("complete", v));
        response.incomplete().ifPresent(v -> d.put("incomplete", v));
        response.trackerId().ifPresent(v -> d.put("tracker id", v.getBytes(StandardCharsets.ISO_8859_1)));
        response.warningMessage().ifPresent(v -> d.put("warning message", v));
        if (format == PeerListFormat.COMPACT) {
            List<Peer> v4 = new ArrayList<>();
            List<Peer> v6 = new ArrayList<>();
            for (Peer peer : response.peers()) {
                (peer.family() == AddressFamily.IPV4 ? v4 : v6).add(peer);
            }
            d.put("peers", CompactPeers.encode(v4, AddressFamily.IPV4));
            if (!v6.isEmpty()) {
                d.put("peers6", CompactPeers.encode(v6, AddressFamily.IPV6));
            }
        } else {
            List<BValue> peers = new ArrayList<>(response.peers().size());
            for (Peer peer : response.peers()) {
                BDictionary.Builder p =
                        BDictionary.builder().put("ip", peer.addressText()).put("port", peer.port());
                if (format == PeerListFormat.DICTIONARY) {
                    peer.peerId().ifPresent(id -> p.put("peer id", id));
                }
                peers.add(p.build());
            }
            d.put("peers", BList.of(peers));
        }
        return BencodeEncoder.encode(d.build());
    }

    public static byte[] encode(TrackerFailure failure) {
        BDictionary.Builder d = BDictionary.builder().put("failure reason", failure.reason());
        failure.retryInMinutes().ifPresent(minutes -> d.put("retry in", minutes));
        if (failure.retryNever()) {
            d.put("retry in", "never");
        }
        return BencodeEncoder.encode(d.build());
    }

    /** The scrape response; should two entries share an info-hash, the later one is written. */
    public static byte[] encode(ScrapeResponse response) {
        BDictionary.Builder files = BDictionary.builder();
        for (ScrapeStats stats : response.files()) {
            BDictionary.Builder s = BDictionary.builder()
                    .put("complete", stats.complete())
                    .put("downloaded", stats.downloaded())
                    .put("incomplete", stats.incomplete());
            stats.name().ifPresent(name -> s.put("name", name));
            files.put(BString.of(stats.infoHash()), s.build());
        }
        return BencodeEncoder.encode(
                BDictionary.builder().put("files", files.build()).build());
    }
}
