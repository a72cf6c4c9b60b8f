package io.bitquark.tracker.swarm;

import io.smallrye.mutiny.Uni;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The swarm store of a single tracker process, packed as opentracker keeps its swarms: no object per peer.
 *
 * <p>Swarms are spread over {@value #STRIPES} lock stripes by info-hash (opentracker's mutex buckets);
 * each stripe is an open-addressing table of its swarms. A swarm keeps, for each of its
 * {@link PeerWindows#LIVE_WINDOWS} live windows, four {@link PeerArray}s (seeders and leechers, IPv4 and
 * IPv6) of packed endpoints, peer ids and identities, and one {@link IdentityIndex} from identity to
 * where the peer is. Each peer is in exactly one array, so counts are sums of sizes, and a window's
 * arrays are emptied whole when it dies: nothing scans live peers. Selection copies contiguous runs from
 * random offsets straight into the caller's {@link AnnounceBatch}.
 *
 * <p>The identity key is made at random when the store is: the swarms live only as long as this process.
 */
public final class InMemorySwarmStore implements SwarmStore {

    static final int STRIPES = 1024;

    private final PeerWindows windows;
    private final LongSupplier clock;
    private final PeerIdentity identities;
    private final Stripe[] stripes = new Stripe[STRIPES];

    public InMemorySwarmStore(PeerWindows windows, LongSupplier clock) {
        this.windows = windows;
        this.clock = clock;
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        this.identities = new PeerIdentity(key);
        for (int s = 0; s < STRIPES; s++) {
            stripes[s] = new Stripe();
        }
    }

    @Override
    public void announce(AnnounceBatch batch, Runnable done) {
        long now = clock.getAsLong();
        long window = windows.current(now);
        byte[] hashes = batch.infoHashes();
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.isPending(i)) {
                continue;
            }
            int at = AnnounceBatch.infoHashOffset(i);
            int hash = hashOf(hashes, at);
            Stripe stripe = stripes[hash & (STRIPES - 1)];
            long identity = identities.of(batch, i);
            synchronized (stripe) {
                Swarm swarm = stripe.get(hashes, at, hash);
                if (swarm == null) {
                    swarm = stripe.add(Arrays.copyOfRange(hashes, at, at + AnnounceBatch.INFO_HASH_LENGTH), hash);
                }
                swarm.announce(batch, i, identity, window, now);
                if (swarm.isEmpty(window) && swarm.downloaded == 0) {
                    stripe.remove(swarm);
                }
            }
        }
        done.run();
    }

    @Override
    public Uni<List<SwarmCounts>> scrape(List<byte[]> infoHashes) {
        return Uni.createFrom().item(() -> {
            long window = windows.current(clock.getAsLong());
            List<SwarmCounts> counts = new ArrayList<>(infoHashes.size());
            for (byte[] infoHash : infoHashes) {
                int hash = hashOf(infoHash, 0);
                Stripe stripe = stripes[hash & (STRIPES - 1)];
                synchronized (stripe) {
                    counts.add(counts(infoHash, stripe.get(infoHash, 0, hash), window));
                }
            }
            return counts;
        });
    }

    private static SwarmCounts counts(byte[] infoHash, Swarm swarm, long window) {
        if (swarm == null) {
            return new SwarmCounts(infoHash, 0, 0, 0);
        }
        return new SwarmCounts(infoHash, swarm.count(true, window), swarm.count(false, window), swarm.downloaded);
    }

    @Override
    public Uni<SwarmPage> swarms(int offset, int limit) {
        return Uni.createFrom().item(() -> {
            long now = clock.getAsLong();
            long window = windows.current(now);
            long forgetBefore = now - windows.peerTimeoutMillis() * 3 / 2;
            List<Listed> all = new ArrayList<>();
            for (Stripe stripe : stripes) {
                synchronized (stripe) {
                    stripe.removeIf(s -> s.isEmpty(window) && s.lastActive < forgetBefore);
                    stripe.forEach(s -> all.add(new Listed(counts(s.infoHash, s, window), s.lastActive)));
                }
            }
            all.sort(Comparator.comparingLong(Listed::lastActive).reversed());
            List<SwarmCounts> page = new ArrayList<>();
            for (int i = offset; i < Math.min(all.size(), (long) offset + limit); i++) {
                page.add(all.get(i).counts());
            }
            return new SwarmPage(page, all.size());
        });
    }

    /** A swarm's counts and last activity, read together under its stripe's lock for the listing. */
    private record Listed(SwarmCounts counts, long lastActive) {}

    @Override
    public Uni<Long> livePeers() {
        return Uni.createFrom().item(() -> {
            long window = windows.current(clock.getAsLong());
            long[] total = {0};
            for (Stripe stripe : stripes) {
                synchronized (stripe) {
                    stripe.forEach(s -> total[0] += s.count(true, window) + s.count(false, window));
                }
            }
            return total[0];
        });
    }

    @Override
    public Uni<Boolean> ping() {
        return Uni.createFrom().item(true);
    }

    /** Mixes the 20 bytes of an info-hash into a table hash (test and v2 hashes need not be uniform). */
    static int hashOf(byte[] bytes, int at) {
        long h = 0;
        for (int i = 0; i < AnnounceBatch.INFO_HASH_LENGTH; i++) {
            h = h * 31 + bytes[at + i];
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h;
    }

    /** One lock stripe: an open-addressing table (linear probing, backward-shift deletion) of swarms. */
    private static final class Stripe {
        private Swarm[] table = new Swarm[8];
        private int size;

        Swarm get(byte[] bytes, int at, int hash) {
            int mask = table.length - 1;
            for (int slot = (hash >>> 10) & mask; ; slot = (slot + 1) & mask) {
                Swarm s = table[slot];
                if (s == null) {
                    return null;
                }
                if (s.hash == hash && Arrays.equals(s.infoHash, 0, 20, bytes, at, at + 20)) {
                    return s;
                }
            }
        }

        Swarm add(byte[] infoHash, int hash) {
            if (2 * (size + 1) > table.length) {
                Swarm[] old = table;
                table = new Swarm[old.length * 2];
                for (Swarm s : old) {
                    if (s != null) {
                        place(s);
                    }
                }
            }
            Swarm swarm = new Swarm(infoHash, hash);
            place(swarm);
            size++;
            return swarm;
        }

        private void place(Swarm swarm) {
            int mask = table.length - 1;
            int slot = (swarm.hash >>> 10) & mask;
            while (table[slot] != null) {
                slot = (slot + 1) & mask;
            }
            table[slot] = swarm;
        }

        void remove(Swarm swarm) {
            int mask = table.length - 1;
            int slot = (swarm.hash >>> 10) & mask;
            while (table[slot] != swarm) {
                slot = (slot + 1) & mask;
            }
            table[slot] = null;
            size--;
            for (int next = (slot + 1) & mask; table[next] != null; next = (next + 1) & mask) {
                Swarm moved = table[next];
                table[next] = null;
                place(moved);
            }
        }

        void forEach(java.util.function.Consumer<Swarm> action) {
            for (Swarm s : table) {
                if (s != null) {
                    action.accept(s);
                }
            }
        }

        void removeIf(java.util.function.Predicate<Swarm> dead) {
            List<Swarm> doomed = new ArrayList<>();
            forEach(s -> {
                if (dead.test(s)) {
                    doomed.add(s);
                }
            });
            doomed.forEach(this::remove);
        }
    }

    /** One swarm. Guarded by its stripe's lock. */
    private static final class Swarm {
        private static final int SEEDERS = 0;
        private static final int LEECHERS = 2;

        final byte[] infoHash;
        final int hash;
        long downloaded;
        long lastActive;
        private final Generation[] generations = new Generation[PeerWindows.LIVE_WINDOWS];
        private final IdentityIndex index = new IdentityIndex();
        private Generation spare;

        Swarm(byte[] infoHash, int hash) {
            this.infoHash = infoHash;
            this.hash = hash;
        }

        void announce(AnnounceBatch batch, int i, long identity, long window, long now) {
            lastActive = now;
            expire(window);
            boolean seeder = batch.isSeeder(i);
            PeerEvent event = batch.event(i);
            int endpointLength = batch.endpointLength(i);
            int target = (seeder ? SEEDERS : LEECHERS) + (endpointLength == 18 ? 1 : 0);
            int loc = index.get(identity);
            boolean wasSeeder = loc != IdentityIndex.NONE && IdentityIndex.array(loc) < LEECHERS;
            if (event == PeerEvent.STOPPED) {
                if (loc != IdentityIndex.NONE) {
                    remove(loc);
                }
            } else {
                Generation current = generation(window);
                int slot = slot(window);
                byte[] who = batch.who();
                int whoAt = AnnounceBatch.whoOffset(i);
                if (loc != IdentityIndex.NONE
                        && IdentityIndex.slot(loc) == slot
                        && IdentityIndex.array(loc) == target) {
                    current.arrays[target].set(
                            IdentityIndex.position(loc),
                            batch.endpoints(),
                            AnnounceBatch.endpointOffset(i),
                            who,
                            whoAt);
                } else {
                    if (loc != IdentityIndex.NONE) {
                        remove(loc);
                    }
                    int position = current.arrays[target].add(
                            identity, batch.endpoints(), AnnounceBatch.endpointOffset(i), who, whoAt);
                    index.put(identity, IdentityIndex.loc(slot, target, position));
                }
                if (event == PeerEvent.COMPLETED && !wasSeeder) {
                    downloaded++;
                }
            }
            batch.answer(i, count(true, window), count(false, window), downloaded);
            if (event != PeerEvent.STOPPED && batch.numwant(i) > 0) {
                select(batch, i, identity, seeder, window);
            }
        }

        /** Appends a random selection of other peers, IPv4 first, in shares proportional to each array. */
        private void select(AnnounceBatch batch, int i, long self, boolean seeder, long window) {
            int want = batch.numwant(i);
            int families = batch.families(i);
            long total = 0;
            for (int age = 0; age < PeerWindows.LIVE_WINDOWS; age++) {
                Generation g = live(window - age);
                if (g == null) {
                    continue;
                }
                for (int a = seeder ? LEECHERS : SEEDERS; a < 4; a++) {
                    if (wanted(families, a)) {
                        total += g.arrays[a].size;
                    }
                }
            }
            if (total == 0) {
                return;
            }
            int given = 0;
            for (int family = 0; family < 2; family++) {
                for (int age = 0; age < PeerWindows.LIVE_WINDOWS; age++) {
                    Generation g = live(window - age);
                    if (g == null) {
                        continue;
                    }
                    for (int role = seeder ? LEECHERS : SEEDERS; role < 4; role += 2) {
                        int a = role + family;
                        if (!wanted(families, a)) {
                            continue;
                        }
                        PeerArray array = g.arrays[a];
                        int size = array.size;
                        if (size == 0) {
                            continue;
                        }
                        int take = total - 1 <= want ? size : (int) ((want * (long) size + total - 1) / total) + 1;
                        given += array.copyRun(Math.min(take, size), self, batch, i, want - given);
                    }
                }
            }
        }

        private static boolean wanted(int families, int array) {
            return (families & ((array & 1) == 0 ? AnnounceBatch.IPV4 : AnnounceBatch.IPV6)) != 0;
        }

        private void remove(int loc) {
            PeerArray array = generations[IdentityIndex.slot(loc)].arrays[IdentityIndex.array(loc)];
            int position = IdentityIndex.position(loc);
            index.remove(array.ids[position]);
            long moved = array.removeAt(position);
            if (moved != 0) {
                index.put(moved, loc);
            }
        }

        int count(boolean seeders, long window) {
            int n = 0;
            for (int age = 0; age < PeerWindows.LIVE_WINDOWS; age++) {
                Generation g = live(window - age);
                if (g != null) {
                    int a = seeders ? SEEDERS : LEECHERS;
                    n += g.arrays[a].size + g.arrays[a + 1].size;
                }
            }
            return n;
        }

        boolean isEmpty(long window) {
            return count(true, window) == 0 && count(false, window) == 0;
        }

        private static int slot(long window) {
            return (int) Math.floorMod(window, (long) PeerWindows.LIVE_WINDOWS);
        }

        /** The generation of {@code window} if it holds peers of that window, else null. */
        private Generation live(long window) {
            Generation g = generations[slot(window)];
            return g != null && g.window == window ? g : null;
        }

        /** Empties the generations that died: their peers leave the index, their arrays are kept. */
        private void expire(long window) {
            for (int s = 0; s < PeerWindows.LIVE_WINDOWS; s++) {
                Generation g = generations[s];
                if (g != null && g.window <= window - PeerWindows.LIVE_WINDOWS) {
                    purge(s);
                }
            }
        }

        private void purge(int slot) {
            Generation g = generations[slot];
            for (PeerArray array : g.arrays) {
                for (int p = 0; p < array.size; p++) {
                    index.remove(array.ids[p]);
                }
                array.size = 0;
            }
            generations[slot] = null;
            spare = g;
        }

        /** The current window's generation, made (or recycled) when it is first needed. */
        private Generation generation(long window) {
            int s = slot(window);
            Generation g = generations[s];
            if (g != null && g.window == window) {
                return g;
            }
            if (g != null) {
                purge(s); // a window from a clock that went back: its slot is needed now
            }
            g = spare != null ? spare : new Generation();
            spare = null;
            g.window = window;
            generations[s] = g;
            return g;
        }
    }

    private static final class Generation {
        long window;
        final PeerArray[] arrays = {new PeerArray(6), new PeerArray(18), new PeerArray(6), new PeerArray(18)};
    }

    /** Peers of one window, role and family, packed: identities, endpoints and peer ids side by side. */
    static final class PeerArray {
        final int endpointLength;
        long[] ids = new long[4];
        byte[] endpoints;
        byte[] peerIds = new byte[4 * AnnounceBatch.PEER_ID_LENGTH];
        int size;

        PeerArray(int endpointLength) {
            this.endpointLength = endpointLength;
            this.endpoints = new byte[4 * endpointLength];
        }

        int add(long id, byte[] endpoint, int endpointAt, byte[] peerId, int peerIdAt) {
            if (size == ids.length) {
                int capacity = size * 2;
                ids = Arrays.copyOf(ids, capacity);
                endpoints = Arrays.copyOf(endpoints, capacity * endpointLength);
                peerIds = Arrays.copyOf(peerIds, capacity * AnnounceBatch.PEER_ID_LENGTH);
            }
            ids[size] = id;
            set(size, endpoint, endpointAt, peerId, peerIdAt);
            return size++;
        }

        void set(int position, byte[] endpoint, int endpointAt, byte[] peerId, int peerIdAt) {
            System.arraycopy(endpoint, endpointAt, endpoints, position * endpointLength, endpointLength);
            System.arraycopy(
                    peerId, peerIdAt, peerIds, position * AnnounceBatch.PEER_ID_LENGTH, AnnounceBatch.PEER_ID_LENGTH);
        }

        /** Removes by moving the last peer into the gap; returns the moved peer's identity, or 0. */
        long removeAt(int position) {
            int last = --size;
            if (position == last) {
                return 0;
            }
            ids[position] = ids[last];
            System.arraycopy(endpoints, last * endpointLength, endpoints, position * endpointLength, endpointLength);
            System.arraycopy(
                    peerIds,
                    last * AnnounceBatch.PEER_ID_LENGTH,
                    peerIds,
                    position * AnnounceBatch.PEER_ID_LENGTH,
                    AnnounceBatch.PEER_ID_LENGTH);
            return ids[position];
        }

        /**
         * Appends up to {@code take} (and at most {@code room}) peers other than {@code self}, read as one
         * run from a random offset, wrapping around once; returns how many it appended.
         */
        int copyRun(int take, long self, AnnounceBatch batch, int i, int room) {
            int start = take >= size ? 0 : ThreadLocalRandom.current().nextInt(size);
            int limit = Math.min(take, room);
            int copied = 0;
            for (int k = 0; k < size && copied < limit; k++) {
                int p = start + k;
                if (p >= size) {
                    p -= size;
                }
                if (ids[p] == self) {
                    continue;
                }
                batch.addPeer(
                        i, endpoints, p * endpointLength, endpointLength, peerIds, p * AnnounceBatch.PEER_ID_LENGTH);
                copied++;
            }
            return copied;
        }
    }
}
