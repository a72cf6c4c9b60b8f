package io.bitquark.seeder.download;

import io.bitquark.seeder.peer.DisconnectReason;
import io.bitquark.seeder.peer.PeerConnectException;
import io.bitquark.seeder.peer.ServedTorrent;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The outbound dialer: the peers each torrent has heard of (from its trackers, {@code x.pe}, the API), and the
 * connections it opens to them. A downloading torrent dials the peers it fetches from; a seed dials the leechers it
 * serves, which matters for clients that cannot reach it themselves (Transmission 3.00 tries a tracker peer over uTP
 * only, and this seeder speaks TCP).
 *
 * <p>On each {@link #tick}, a torrent that wants peers and has room under its connection limit is given
 * connections to peers it is not connected to and has not tried recently, oldest-heard first, while fewer than
 * {@code maxHalfOpen} attempts are in progress over every torrent. A peer whose attempt failed waits
 * {@code retryInitial} before its next one, twice as long after each further failure, up to {@code retryMax}; a
 * peer that turned out to be ourselves is never tried again. A peer that connected is tried again only once its
 * connection is gone and {@code retryInitial} has passed; one found to be a seed while the torrent is one too
 * ({@link #seedFound}) is not tried while the torrent stays complete.
 */
public final class PeerDialer {

    /** Opens a connection to a peer for a torrent; completes once the handshake is done both ways. */
    @FunctionalInterface
    public interface Connector {
        Future<?> connect(ServedTorrent torrent, String host, int port);
    }

    /** What the dialer needs to know of a torrent now. */
    public interface Target {
        ServedTorrent torrent();

        /** Whether it wants more peers: downloading or seeding, not stopped. */
        boolean wantsPeers();

        /** The {@code host:port} of its connected peers. */
        Set<String> connected();

        /** The most connections it may have. */
        int maxConnections();

        /** A target answering from the given parts. */
        static Target of(
                ServedTorrent torrent,
                BooleanSupplier wantsPeers,
                Supplier<Set<String>> connected,
                int maxConnections) {
            return new Target() {
                @Override
                public ServedTorrent torrent() {
                    return torrent;
                }

                @Override
                public boolean wantsPeers() {
                    return wantsPeers.getAsBoolean();
                }

                @Override
                public Set<String> connected() {
                    return connected.get();
                }

                @Override
                public int maxConnections() {
                    return maxConnections;
                }
            };
        }
    }

    private static final class Candidate {
        final String host;
        final int port;
        int failures;
        long nextTry;
        boolean dialing;
        /** It had every piece when last connected. */
        boolean seed;

        Candidate(String host, int port) {
            this.host = host;
            this.port = port;
        }

        String endpoint() {
            return endpoint(host, port);
        }

        static String endpoint(String host, int port) {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private static final class Torrent {
        final Target target;
        final Map<String, Candidate> candidates = new LinkedHashMap<>();

        Torrent(Target target) {
            this.target = target;
        }
    }

    private final Connector connector;
    private final int maxHalfOpen;
    private final long retryInitial;
    private final long retryMax;
    private final LongSupplier clock;
    private final Map<String, Torrent> torrents = new ConcurrentHashMap<>();
    private int halfOpen;

    public PeerDialer(
            Connector connector, int maxHalfOpen, Duration retryInitial, Duration retryMax, LongSupplier clock) {
        this.connector = connector;
        this.maxHalfOpen = maxHalfOpen;
        this.retryInitial = retryInitial.toNanos();
        this.retryMax = retryMax.toNanos();
        this.clock = clock;
    }

    /** Starts dialing for a torrent (again, after a pause: its peers are forgotten). */
    public void watch(Target target) {
        torrents.put(target.torrent().id(), new Torrent(target));
    }

    /** Stops dialing for a torrent and forgets its peers. */
    public void forget(ServedTorrent torrent) {
        torrents.remove(torrent.id());
    }

    /**
     * Peers heard of for a torrent; those already known keep their history.
     *
     * @return how many were new
     */
    public synchronized int add(ServedTorrent torrent, List<java.net.InetSocketAddress> peers) {
        Torrent t = torrents.get(torrent.id());
        if (t == null) {
            return 0;
        }
        int added = 0;
        for (java.net.InetSocketAddress peer : peers) {
            if (peer.getPort() <= 0 || peer.getPort() > 65535) {
                continue;
            }
            String host = peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
            Candidate c = new Candidate(host, peer.getPort());
            if (t.candidates.putIfAbsent(c.endpoint(), c) == null) {
                added++;
            }
        }
        return added;
    }

    /**
     * The peer at {@code host:port} (as dialled) has every piece: while the torrent is complete too, it is not
     * dialled again. Unknown peers (those that connected to us) are ignored.
     */
    public synchronized void seedFound(ServedTorrent torrent, String host, int port) {
        Torrent t = torrents.get(torrent.id());
        Candidate c = t == null ? null : t.candidates.get(Candidate.endpoint(host, port));
        if (c != null) {
            c.seed = true;
        }
    }

    /** How many peers a torrent knows of. */
    public synchronized int known(ServedTorrent torrent) {
        Torrent t = torrents.get(torrent.id());
        return t == null ? 0 : t.candidates.size();
    }

    /** Opens the connections there is room for now. */
    public void tick() {
        List<Candidate> dial = new ArrayList<>();
        List<Torrent> of = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            for (Torrent t : torrents.values()) {
                if (halfOpen >= maxHalfOpen) {
                    break;
                }
                if (!t.target.wantsPeers()) {
                    continue;
                }
                Set<String> connected = t.target.connected();
                boolean complete = t.target.torrent().complete();
                int dialing = 0;
                for (Candidate c : t.candidates.values()) {
                    dialing += c.dialing ? 1 : 0;
                }
                int room = t.target.maxConnections() - connected.size() - dialing;
                for (Candidate c : t.candidates.values()) {
                    if (room <= 0 || halfOpen >= maxHalfOpen) {
                        break;
                    }
                    if (c.dialing || c.nextTry > now || (c.seed && complete) || connected.contains(c.endpoint())) {
                        continue;
                    }
                    c.dialing = true;
                    halfOpen++;
                    room--;
                    dial.add(c);
                    of.add(t);
                }
            }
        }
        for (int i = 0; i < dial.size(); i++) {
            Candidate c = dial.get(i);
            Torrent t = of.get(i);
            Future<?> attempt;
            try {
                attempt = connector.connect(t.target.torrent(), c.host, c.port);
            } catch (RuntimeException e) {
                attempt = Future.failedFuture(e);
            }
            attempt.onComplete(result -> finished(c, result.failed() ? result.cause() : null));
        }
    }

    private synchronized void finished(Candidate c, Throwable failure) {
        c.dialing = false;
        halfOpen--;
        long now = clock.getAsLong();
        if (failure == null) {
            c.failures = 0;
            c.nextTry = now + retryInitial;
        } else if (failure instanceof PeerConnectException refused
                && refused.reason().orElse(null) == DisconnectReason.SELF_CONNECTION) {
            c.nextTry = Long.MAX_VALUE;
        } else {
            c.failures++;
            long wait = retryInitial << Math.min(c.failures - 1, 20);
            c.nextTry = now + Math.min(retryMax, wait);
        }
    }

    /** The {@code host:port} form the dialer and {@link Target#connected} use. */
    public static String endpoint(String host, int port) {
        return Candidate.endpoint(host, port);
    }
}
