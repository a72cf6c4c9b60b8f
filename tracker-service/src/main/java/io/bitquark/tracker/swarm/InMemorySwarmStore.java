package io.bitquark.tracker.swarm;

import io.smallrye.mutiny.Uni;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The swarm store of a single tracker process, as opentracker keeps its swarms: everything in memory,
 * nothing shared. It follows the same window model and the same contract as {@link RedisSwarmStore}.
 * An announce runs inside {@link ConcurrentHashMap#compute}, so it is atomic per swarm.
 */
public final class InMemorySwarmStore implements SwarmStore {

    private final PeerWindows windows;
    private final LongSupplier clock;
    private final ConcurrentHashMap<ByteBuffer, Swarm> swarms = new ConcurrentHashMap<>();

    public InMemorySwarmStore(PeerWindows windows, LongSupplier clock) {
        this.windows = windows;
        this.clock = clock;
    }

    @Override
    public Uni<AnnounceResult> announce(PeerAnnounce announce) {
        return Uni.createFrom().item(() -> apply(announce, clock.getAsLong()));
    }

    @Override
    public Uni<List<AnnounceResult>> announceAll(List<PeerAnnounce> announces) {
        return Uni.createFrom().item(() -> {
            long now = clock.getAsLong();
            List<AnnounceResult> results = new ArrayList<>(announces.size());
            for (PeerAnnounce a : announces) {
                results.add(apply(a, now));
            }
            return results;
        });
    }

    private AnnounceResult apply(PeerAnnounce announce, long now) {
        long window = windows.current(now);
        AnnounceResult[] result = new AnnounceResult[1];
        swarms.compute(ByteBuffer.wrap(announce.infoHash().clone()), (key, swarm) -> {
            Swarm s = swarm == null ? new Swarm() : swarm;
            result[0] = s.announce(announce, window, now);
            return s.isEmpty(window) && s.downloaded == 0 ? null : s;
        });
        return result[0];
    }

    @Override
    public Uni<List<SwarmCounts>> scrape(List<byte[]> infoHashes) {
        return Uni.createFrom().item(() -> {
            long window = windows.current(clock.getAsLong());
            List<SwarmCounts> counts = new ArrayList<>(infoHashes.size());
            for (byte[] infoHash : infoHashes) {
                counts.add(counts(infoHash, swarms.get(ByteBuffer.wrap(infoHash)), window));
            }
            return counts;
        });
    }

    private static SwarmCounts counts(byte[] infoHash, Swarm swarm, long window) {
        if (swarm == null) {
            return new SwarmCounts(infoHash, 0, 0, 0);
        }
        synchronized (swarm) {
            return new SwarmCounts(infoHash, swarm.count(true, window), swarm.count(false, window), swarm.downloaded);
        }
    }

    @Override
    public Uni<SwarmPage> swarms(int offset, int limit) {
        return Uni.createFrom().item(() -> {
            long now = clock.getAsLong();
            long window = windows.current(now);
            sweep(window, now);
            List<Map.Entry<ByteBuffer, Swarm>> all = new ArrayList<>(swarms.entrySet());
            all.sort(Comparator.comparingLong((Map.Entry<ByteBuffer, Swarm> e) -> e.getValue().lastActive)
                    .reversed());
            List<SwarmCounts> page = new ArrayList<>();
            for (int i = offset; i < Math.min(all.size(), (long) offset + limit); i++) {
                byte[] hash = new byte[20];
                all.get(i).getKey().duplicate().get(hash);
                page.add(counts(hash, all.get(i).getValue(), window));
            }
            return new SwarmPage(page, all.size());
        });
    }

    /** Drops swarms with no live peer whose last activity is older than one and a half peer timeouts. */
    private void sweep(long window, long now) {
        long forgetBefore = now - windows.peerTimeoutMillis() * 3 / 2;
        for (ByteBuffer key : swarms.keySet()) {
            swarms.computeIfPresent(key, (k, s) -> s.isEmpty(window) && s.lastActive < forgetBefore ? null : s);
        }
    }

    @Override
    public Uni<Long> livePeers() {
        return Uni.createFrom().item(() -> {
            long window = windows.current(clock.getAsLong());
            long total = 0;
            for (Swarm swarm : swarms.values()) {
                synchronized (swarm) {
                    total += swarm.count(true, window) + swarm.count(false, window);
                }
            }
            return total;
        });
    }

    @Override
    public Uni<Boolean> ping() {
        return Uni.createFrom().item(true);
    }

    /** One swarm: its live windows, each with seeders and leechers. Guarded by the map's compute lock. */
    private static final class Swarm {
        private final Generation[] generations = new Generation[PeerWindows.LIVE_WINDOWS];
        private final SplittableRandom random = new SplittableRandom();
        private long downloaded;
        private long lastActive;

        synchronized AnnounceResult announce(PeerAnnounce a, long window, long now) {
            lastActive = now;
            ByteBuffer id = ByteBuffer.wrap(a.identity().clone());
            Generation current = generation(window, true);
            boolean wasSeeder = false;
            for (int age = 0; age < PeerWindows.LIVE_WINDOWS; age++) {
                Generation g = generation(window - age, false);
                if (g == null) {
                    continue;
                }
                if (!(age == 0 && a.seeder()) && g.seeders.remove(id)) {
                    wasSeeder = true;
                }
                if (!(age == 0 && !a.seeder())) {
                    g.leechers.remove(id);
                }
            }
            PeerSet target = a.seeder() ? current.seeders : current.leechers;
            if (a.event() == PeerEvent.STOPPED) {
                target.remove(id);
            } else if (!target.put(id, a.peer()) && a.seeder()) {
                wasSeeder = true;
            }
            if (a.event() == PeerEvent.COMPLETED && !wasSeeder) {
                downloaded++;
            }
            List<SwarmPeer> peers = a.event() == PeerEvent.STOPPED ? List.of() : select(a, id, window);
            return new AnnounceResult(count(true, window), count(false, window), downloaded, peers);
        }

        private List<SwarmPeer> select(PeerAnnounce a, ByteBuffer self, long window) {
            int want = a.numwant();
            List<PeerSet> candidates = new ArrayList<>();
            long total = 0;
            for (int age = 0; age < PeerWindows.LIVE_WINDOWS; age++) {
                Generation g = generation(window - age, false);
                if (g == null) {
                    continue;
                }
                if (!a.seeder()) {
                    candidates.add(g.seeders);
                    total += g.seeders.size();
                }
                candidates.add(g.leechers);
                total += g.leechers.size();
            }
            List<SwarmPeer> out = new ArrayList<>(Math.min(want, (int) Math.min(total, Integer.MAX_VALUE)));
            if (want == 0 || total == 0) {
                return out;
            }
            long others = a.seeder() ? total : total - 1;
            for (PeerSet set : candidates) {
                int take = others <= want
                        ? set.size()
                        : (int) Math.ceil((double) want * set.size() / total) + (set.contains(self) ? 1 : 0);
                set.sample(Math.min(take, set.size()), random, self, out, want);
            }
            return out;
        }

        int count(boolean seeders, long window) {
            int n = 0;
            for (int age = 0; age < PeerWindows.LIVE_WINDOWS; age++) {
                Generation g = generation(window - age, false);
                if (g != null) {
                    n += seeders ? g.seeders.size() : g.leechers.size();
                }
            }
            return n;
        }

        boolean isEmpty(long window) {
            return count(true, window) == 0 && count(false, window) == 0;
        }

        private Generation generation(long window, boolean create) {
            int slot = (int) Math.floorMod(window, (long) PeerWindows.LIVE_WINDOWS);
            Generation g = generations[slot];
            if (g != null && g.window != window) {
                if (g.window > window) {
                    return null;
                }
                g = null;
                generations[slot] = null;
            }
            if (g == null && create) {
                g = new Generation(window);
                generations[slot] = g;
            }
            return g;
        }
    }

    private static final class Generation {
        final long window;
        final PeerSet seeders = new PeerSet();
        final PeerSet leechers = new PeerSet();

        Generation(long window) {
            this.window = window;
        }
    }

    /** Peers by identity with O(1) add, remove and uniform random pick (swap-remove on a dense list). */
    private static final class PeerSet {
        private final Map<ByteBuffer, Integer> index = new HashMap<>();
        private final List<ByteBuffer> ids = new ArrayList<>();
        private final List<SwarmPeer> endpoints = new ArrayList<>();

        int size() {
            return ids.size();
        }

        boolean contains(ByteBuffer id) {
            return index.containsKey(id);
        }

        /** Adds or replaces; returns whether the identity is new. */
        boolean put(ByteBuffer id, SwarmPeer endpoint) {
            Integer at = index.get(id);
            if (at != null) {
                endpoints.set(at, endpoint);
                return false;
            }
            index.put(id, ids.size());
            ids.add(id);
            endpoints.add(endpoint);
            return true;
        }

        boolean remove(ByteBuffer id) {
            Integer at = index.remove(id);
            if (at == null) {
                return false;
            }
            int last = ids.size() - 1;
            if (at != last) {
                ids.set(at, ids.get(last));
                endpoints.set(at, endpoints.get(last));
                index.put(ids.get(at), at);
            }
            ids.remove(last);
            endpoints.remove(last);
            return true;
        }

        /** Appends up to {@code take} distinct random endpoints other than {@code self}, stopping at {@code limit}. */
        void sample(int take, SplittableRandom random, ByteBuffer self, List<SwarmPeer> out, int limit) {
            int n = ids.size();
            if (take >= n) {
                for (int i = 0; i < n && out.size() < limit; i++) {
                    if (!ids.get(i).equals(self)) {
                        out.add(endpoints.get(i));
                    }
                }
                return;
            }
            // Floyd's algorithm: distinct random indexes; take is at most a few hundred, so a linear
            // membership check on a small array beats hashing boxed integers
            int[] chosen = new int[take];
            int count = 0;
            for (int j = n - take; j < n; j++) {
                int t = random.nextInt(j + 1);
                int pick = contains(chosen, count, t) ? j : t;
                chosen[count++] = pick;
                if (out.size() < limit && !ids.get(pick).equals(self)) {
                    out.add(endpoints.get(pick));
                }
            }
        }

        private static boolean contains(int[] values, int count, int value) {
            for (int i = 0; i < count; i++) {
                if (values[i] == value) {
                    return true;
                }
            }
            return false;
        }
    }
}
