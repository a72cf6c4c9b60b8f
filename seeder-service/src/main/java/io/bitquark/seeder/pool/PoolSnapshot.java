package io.bitquark.seeder.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pool as one member read it from the {@link PoolStore} at one moment: every member heard within the member
 * timeout plus the grace ({@code listed}), the drained ones, the catalog and every reported copy, and the store's
 * clock ({@code now}, Redis {@code TIME}). Placement and the pool's states are computed from it alone, so every
 * member that reads the same store computes the same answers.
 *
 * <p>A member is <b>live</b> while its last beat is at most the member timeout old; it is <b>in grace</b> for
 * {@code grace} after that: it still holds its place (its torrents are not reassigned, so that a rolling restart
 * does not start a storm), but it counts as gone for the torrents' states. After the grace it is out of placement.
 */
public record PoolSnapshot(
        long now,
        Duration memberTimeout,
        Duration grace,
        List<MemberBeat> listed,
        Set<String> drained,
        List<PoolTorrent> torrents,
        Map<String, Map<String, CopyState>> copies) {

    /** How a torrent stands in the pool, from the verified copies of live members. */
    public enum TorrentState {
        /** R owners seed verified copies. */
        PLACED,
        /** Fewer than R, while every owner is alive. */
        REPLICATING,
        /** Fewer than R because an owner is gone, or the pool has fewer than R members to place on. */
        DEGRADED,
        /** No verified copy is live. */
        UNAVAILABLE;

        /** The form the API shows, {@code placed}. */
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final RendezvousPlacement PLACEMENT = new RendezvousPlacement();

    public PoolSnapshot {
        listed = List.copyOf(listed);
        drained = Set.copyOf(drained);
        torrents = List.copyOf(torrents);
        copies = Map.copyOf(copies);
    }

    /** Whether {@code beat} is live: its last beat at most the member timeout old. */
    public boolean live(MemberBeat beat) {
        return now - beat.lastBeatMillis() <= memberTimeout.toMillis();
    }

    /** The live members. */
    public List<MemberBeat> liveMembers() {
        return listed.stream().filter(this::live).toList();
    }

    /** The ids of the live members. */
    public Set<String> liveIds() {
        Set<String> ids = new HashSet<>();
        liveMembers().forEach(b -> ids.add(b.member().id()));
        return ids;
    }

    /** The members placement chooses among: live or in grace, and not drained. */
    public List<PoolMember> candidates() {
        long horizon = memberTimeout.plus(grace).toMillis();
        List<PoolMember> candidates = new ArrayList<>();
        for (MemberBeat beat : listed) {
            if (now - beat.lastBeatMillis() <= horizon
                    && !drained.contains(beat.member().id())) {
                candidates.add(beat.member());
            }
        }
        return candidates;
    }

    /** The owners of {@code torrent}: the top R of the candidates by rendezvous hashing of its info-hash. */
    public List<PoolMember> owners(PoolTorrent torrent) {
        return PLACEMENT.owners(HexFormat.of().parseHex(torrent.infoHash()), candidates(), torrent.replicas());
    }

    /** The reported copies of {@code torrent}, by member id. */
    public Map<String, CopyState> copiesOf(PoolTorrent torrent) {
        return copies.getOrDefault(torrent.infoHash(), Map.of());
    }

    /** The ids of the live members that report a verified copy of {@code torrent} that they seed. */
    public Set<String> liveSeeds(PoolTorrent torrent) {
        Set<String> live = new HashSet<>();
        for (MemberBeat beat : liveMembers()) {
            CopyState copy = copiesOf(torrent).get(beat.member().id());
            if (copy != null && copy.stage() == CopyState.Stage.SEEDING) {
                live.add(beat.member().id());
            }
        }
        return live;
    }

    /**
     * The peer-wire addresses of the live members other than {@code self} that report a copy of {@code torrent}:
     * whom a member fetching it dials.
     */
    public List<String> sources(PoolTorrent torrent, String self) {
        Map<String, CopyState> reported = copiesOf(torrent);
        List<String> sources = new ArrayList<>();
        for (MemberBeat beat : liveMembers()) {
            String id = beat.member().id();
            if (!id.equals(self) && reported.containsKey(id)) {
                sources.add(beat.member().address());
            }
        }
        return sources;
    }

    /**
     * Whether the pool needs {@code member}'s copy of {@code torrent}: always while it is an owner; otherwise until
     * every owner is live and seeds a verified copy and some other member does (make before break: never the last
     * verified copy). A copy the pool does not need is deleted ({@link PoolPlanner}); a drained member is done once
     * it holds none that it needs.
     */
    public boolean needs(PoolTorrent torrent, String member) {
        List<PoolMember> owners = owners(torrent);
        if (owners.stream().anyMatch(o -> o.id().equals(member))) {
            return true;
        }
        Set<String> seeds = liveSeeds(torrent);
        if (owners.isEmpty() || seeds.stream().noneMatch(id -> !id.equals(member))) {
            return true;
        }
        return !owners.stream().allMatch(o -> seeds.contains(o.id()));
    }

    /** How many of the torrents {@code member} reports a copy of the pool still {@link #needs} there. */
    public int neededCopies(String member) {
        int needed = 0;
        for (PoolTorrent t : torrents) {
            if (copiesOf(t).containsKey(member) && needs(t, member)) {
                needed++;
            }
        }
        return needed;
    }

    /** How {@code torrent} stands: placed, replicating, degraded or unavailable. */
    public TorrentState state(PoolTorrent torrent) {
        Set<String> seeds = liveSeeds(torrent);
        if (seeds.isEmpty()) {
            return TorrentState.UNAVAILABLE;
        }
        List<PoolMember> owners = owners(torrent);
        long seedingOwners = owners.stream().filter(o -> seeds.contains(o.id())).count();
        if (seedingOwners >= torrent.replicas()) {
            return TorrentState.PLACED;
        }
        if (owners.size() < torrent.replicas()) {
            return TorrentState.DEGRADED; // fewer members than R: every one holds a copy, and it stays degraded
        }
        Set<String> live = liveIds();
        boolean ownerGone = owners.stream().anyMatch(o -> !live.contains(o.id()));
        return ownerGone ? TorrentState.DEGRADED : TorrentState.REPLICATING;
    }

    /** The catalog entry of {@code infoHash} (lower-case hex), or null. */
    public PoolTorrent torrent(String infoHash) {
        for (PoolTorrent t : torrents) {
            if (t.infoHash().equals(infoHash)) {
                return t;
            }
        }
        return null;
    }
}
