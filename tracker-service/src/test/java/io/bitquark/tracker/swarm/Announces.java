package io.bitquark.tracker.swarm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs specifications' announces through a store's batch port and reads the answers back as records. */
final class Announces {

    private Announces() {}

    /** Applies one announce; an answer the store could not give throws {@link SwarmStoreUnavailableException}. */
    static AnnounceResult one(SwarmStore store, PeerAnnounce announce) {
        return all(store, List.of(announce)).get(0);
    }

    /** Applies announces as one batch, in order. */
    static List<AnnounceResult> all(SwarmStore store, List<PeerAnnounce> announces) {
        AnnounceBatch batch = batch(announces);
        CountDownLatch done = new CountDownLatch(1);
        store.announce(batch, done::countDown);
        try {
            if (!done.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the store never called back");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        List<AnnounceResult> results = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.outcome(i) != AnnounceBatch.Outcome.ANSWERED) {
                throw new SwarmStoreUnavailableException("tracker storage unavailable", null);
            }
            results.add(
                    new AnnounceResult(batch.complete(i), batch.incomplete(i), batch.downloaded(i), peers(batch, i)));
        }
        return results;
    }

    /** The announces as one batch, in order, not yet applied. */
    static AnnounceBatch batch(List<PeerAnnounce> announces) {
        AnnounceBatch batch = new AnnounceBatch(2);
        for (PeerAnnounce a : announces) {
            int i = batch.add();
            System.arraycopy(a.infoHash(), 0, batch.infoHashes(), AnnounceBatch.infoHashOffset(i), 20);
            System.arraycopy(a.peer().peerId(), 0, batch.who(), AnnounceBatch.whoOffset(i), 20);
            batch.source(i, a.source(), 0, a.source().length);
            byte[] endpoint = a.peer().endpoint();
            int port = ((endpoint[endpoint.length - 2] & 0xff) << 8) | (endpoint[endpoint.length - 1] & 0xff);
            batch.endpoint(i, endpoint, 0, endpoint.length - 2, port);
            batch.ask(i, a.seeder(), a.event(), a.numwant(), a.families(), true);
        }
        return batch;
    }

    private static List<SwarmPeer> peers(AnnounceBatch batch, int i) {
        List<SwarmPeer> peers = new ArrayList<>();
        int at = batch.peersOffset(i);
        for (int k = 0; k < batch.ipv4Peers(i) + batch.ipv6Peers(i); k++) {
            int endpointLength = k < batch.ipv4Peers(i) ? 6 : 18;
            byte[] bytes = batch.peers();
            peers.add(new SwarmPeer(
                    Arrays.copyOfRange(bytes, at, at + endpointLength),
                    Arrays.copyOfRange(bytes, at + endpointLength, at + endpointLength + 20)));
            at += endpointLength + 20;
        }
        return peers;
    }
}
