package io.bitquark.tracker.announce;

import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.tracker.allowlist.Allowlist;
import io.bitquark.tracker.config.TrackerConfig;
import io.bitquark.tracker.swarm.PeerAnnounce;
import io.bitquark.tracker.swarm.PeerEvent;
import io.bitquark.tracker.swarm.PeerIdentity;
import io.bitquark.tracker.swarm.SwarmPeer;
import io.bitquark.tracker.swarm.SwarmStore;
import io.bitquark.tracker.swarm.SwarmStoreUnavailableException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The announce use case, shared by the HTTP and UDP front ends: check the allowlist, apply the announce
 * to the swarm store, and build the BEP 3 answer. Storage failures become the failure reason
 * "tracker storage unavailable"; nothing here throws at a client.
 */
@ApplicationScoped
public class AnnounceService {

    /** The failure reason while the swarm store does not answer. */
    public static final String STORAGE_UNAVAILABLE = "tracker storage unavailable";
    /** The failure reason for a swarm not on the allowlist (bttrack's wording). */
    public static final String NOT_ALLOWED = "Requested download is not authorized for use with this tracker.";

    private static final Logger ACCESS = Logger.getLogger("io.bitquark.tracker.access");

    private final SwarmStore store;
    private final Allowlist allowlist;
    private final TrackerMetrics metrics;
    private final int interval;
    private final int minInterval;
    private final int defaultNumwant;
    private final int maxNumwant;
    private final boolean accessLog;

    public AnnounceService(SwarmStore store, Allowlist allowlist, TrackerMetrics metrics, TrackerConfig config) {
        this.store = store;
        this.allowlist = allowlist;
        this.metrics = metrics;
        this.interval = (int) config.announce().interval().toSeconds();
        this.minInterval = (int) config.announce().minInterval().toSeconds();
        this.defaultNumwant = config.announce().defaultNumwant();
        this.maxNumwant = config.announce().maxNumwant();
        this.accessLog = config.accessLog();
    }

    public int interval() {
        return interval;
    }

    public Uni<AnnounceResult> announce(AnnounceCall call) {
        return announceAll(List.of(call)).map(results -> results.get(0));
    }

    /** Applies announces that arrived together in one store call; results come back in order. */
    public Uni<List<AnnounceResult>> announceAll(List<AnnounceCall> calls) {
        long start = System.nanoTime();
        AnnounceResult[] results = new AnnounceResult[calls.size()];
        List<PeerAnnounce> accepted = new ArrayList<>(calls.size());
        List<Integer> positions = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            AnnounceCall call = calls.get(i);
            if (!allowlist.allows(call.request().infoHash())) {
                results[i] = TrackerFailure.of(NOT_ALLOWED);
                continue;
            }
            accepted.add(toPeerAnnounce(call));
            positions.add(i);
        }
        if (accepted.isEmpty()) {
            return Uni.createFrom().item(finish(calls, results, start));
        }
        return store.announceAll(accepted)
                .map(outcomes -> {
                    for (int j = 0; j < outcomes.size(); j++) {
                        results[positions.get(j)] = toResponse(outcomes.get(j));
                    }
                    return finish(calls, results, start);
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    TrackerFailure unavailable = TrackerFailure.of(STORAGE_UNAVAILABLE);
                    if (!(failure instanceof SwarmStoreUnavailableException)) {
                        Logger.getLogger(AnnounceService.class).warn("announce failed in the swarm store", failure);
                    }
                    for (int position : positions) {
                        results[position] = unavailable;
                    }
                    return finish(calls, results, start);
                });
    }

    private List<AnnounceResult> finish(List<AnnounceCall> calls, AnnounceResult[] results, long start) {
        for (int i = 0; i < results.length; i++) {
            AnnounceCall call = calls.get(i);
            AnnounceResult result = results[i];
            String outcome = result instanceof TrackerFailure f
                    ? (f.reason().equals(STORAGE_UNAVAILABLE) ? "unavailable" : "refused")
                    : "ok";
            metrics.record("announce", call.protocol(), outcome, start);
            if (accessLog) {
                logAccess(call, result);
            }
        }
        return Arrays.asList(results);
    }

    private PeerAnnounce toPeerAnnounce(AnnounceCall call) {
        AnnounceRequest r = call.request();
        byte[] address = PeerAddresses.raw(call.address());
        byte[] key = r.key().map(k -> k.getBytes(StandardCharsets.ISO_8859_1)).orElse(null);
        int numwant = Math.min(r.numWant().orElse(defaultNumwant), maxNumwant);
        return new PeerAnnounce(
                r.infoHash(),
                PeerIdentity.of(r.peerId(), key, address),
                new SwarmPeer(PeerAddresses.compact(address, r.port()), r.peerId()),
                r.left() == 0,
                event(r),
                Math.max(0, numwant));
    }

    private static PeerEvent event(AnnounceRequest r) {
        switch (r.event()) {
            case STARTED:
                return PeerEvent.STARTED;
            case COMPLETED:
                return PeerEvent.COMPLETED;
            case STOPPED:
                return PeerEvent.STOPPED;
            default:
                return PeerEvent.UPDATE;
        }
    }

    private AnnounceResponse toResponse(io.bitquark.tracker.swarm.AnnounceResult outcome) {
        List<Peer> peers = new ArrayList<>(outcome.peers().size());
        for (SwarmPeer p : outcome.peers()) {
            byte[] e = p.endpoint();
            int port = ((e[e.length - 2] & 0xff) << 8) | (e[e.length - 1] & 0xff);
            peers.add(Peer.of(Arrays.copyOf(e, e.length - 2), port).withPeerId(p.peerId()));
        }
        return AnnounceResponse.builder(interval)
                .minInterval(minInterval)
                .complete((int) Math.min(Integer.MAX_VALUE, outcome.complete()))
                .incomplete((int) Math.min(Integer.MAX_VALUE, outcome.incomplete()))
                .peers(peers)
                .build();
    }

    private static void logAccess(AnnounceCall call, AnnounceResult result) {
        AnnounceRequest r = call.request();
        String answer = result instanceof TrackerFailure f
                ? "failure=\"" + f.reason() + '"'
                : "peers=" + ((AnnounceResponse) result).peers().size();
        ACCESS.infof(
                "%s announce %s %s:%d event=%s left=%d %s",
                call.protocol(),
                HexFormat.of().formatHex(r.infoHash()),
                call.address().getHostAddress(),
                r.port(),
                r.event().name().toLowerCase(),
                r.left(),
                answer);
    }
}
