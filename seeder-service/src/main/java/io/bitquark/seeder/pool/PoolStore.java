package io.bitquark.seeder.pool;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The seed pool's coordination store: who is in the pool, which torrents the pool seeds, and who holds
 * which copy. Redis backs it when replicas share a pool ({@link RedisPoolStore}); {@link InMemoryPoolStore}
 * serves a single process and the tests. Every implementation honours one contract ({@code
 * PoolStoreContract} in the tests):
 *
 * <ul>
 *   <li>time is the store's own clock (Redis {@code TIME}), never a member's: a beat is stamped with it,
 *       and a member is live while its last beat is at most the member timeout old by that clock;</li>
 *   <li>a member id belongs to one peer-wire address while it is live: a beat of the same id from another
 *       address fails with {@link PoolException.Kind#MEMBER_ID_TAKEN}, and succeeds once the first is gone;</li>
 *   <li>the catalog keeps, per torrent, its .torrent, its replica count R and when it was added; adding a
 *       torrent again changes nothing;</li>
 *   <li>copies are reported only for torrents in the catalog, and go with the torrent when it is removed;</li>
 *   <li>bounds: those of {@link PoolMember}, and a .torrent of at most the store's configured size;</li>
 *   <li>nothing blocks: every call answers with a {@code Uni}, and a refused or failed call fails it with a
 *       {@link PoolException}.</li>
 * </ul>
 *
 * <p>Info-hashes are hex (40 digits, or 64 for v2), in either case; the store answers in lower case.
 */
public interface PoolStore {

    /**
     * Records a heartbeat of {@code member}: its profile replaces what was known of it and its last beat
     * becomes the store's now. The id is refused while another address beat under it within {@code memberTimeout};
     * members silent for longer than {@code forgetAfter} (at least the timeout: the pool lists members gone within
     * its grace) are forgotten on the way.
     *
     * @return the store's time of the beat, in milliseconds since the epoch
     */
    Uni<Long> beat(PoolMember member, Duration memberTimeout, Duration forgetAfter);

    /** {@link #beat(PoolMember, Duration, Duration)}, forgetting members as soon as they are gone. */
    default Uni<Long> beat(PoolMember member, Duration memberTimeout) {
        return beat(member, memberTimeout, memberTimeout);
    }

    /**
     * Removes the member at once, when it is known at {@code address} (another replica that was refused the
     * id cannot remove the one that holds it).
     *
     * @return whether it was removed
     */
    Uni<Boolean> leave(String memberId, String address);

    /** The store's clock now, in milliseconds since the epoch (Redis {@code TIME}): what beats are stamped with. */
    Uni<Long> now();

    /** The members whose last beat is at most {@code memberTimeout} old by the store's clock, by id. */
    Uni<List<MemberBeat>> liveMembers(Duration memberTimeout);

    /**
     * Adds a torrent to the catalog with replica count {@code replicas} and its content's size {@code bytes},
     * stamped with the store's now.
     *
     * @return whether it is new; when it was already there, nothing changes (its .torrent, R and time stay)
     */
    Uni<Boolean> addTorrent(String infoHash, byte[] torrent, int replicas, long bytes);

    /** The catalog entry of a torrent, if it is in the pool. */
    Uni<Optional<PoolTorrent>> torrent(String infoHash);

    /** The .torrent of a pool torrent, if it is in the pool. */
    Uni<Optional<byte[]>> torrentFile(String infoHash);

    /** Every catalog entry (without the .torrent files), by info-hash. */
    Uni<List<PoolTorrent>> torrents();

    /**
     * Removes a torrent from the catalog, with its .torrent and every reported copy of it.
     *
     * @return whether it was there
     */
    Uni<Boolean> removeTorrent(String infoHash);

    /**
     * Records where {@code memberId}'s copy of a pool torrent stands, replacing what it reported before.
     *
     * @return whether it was recorded: false when the torrent is not in the pool
     */
    Uni<Boolean> reportCopy(String memberId, String infoHash, CopyState state);

    /**
     * Forgets {@code memberId}'s copy of a torrent.
     *
     * @return whether there was one
     */
    Uni<Boolean> dropCopy(String memberId, String infoHash);

    /** Every reported copy of a torrent, by member id; empty for a torrent not in the pool. */
    Uni<Map<String, CopyState>> copies(String infoHash);

    /** Marks a member as drained: it keeps seeding what it has, but no new copy should be placed on it. */
    Uni<Void> drain(String memberId);

    /** Takes a member out of the drained set. */
    Uni<Void> undrain(String memberId);

    /** The drained members' ids. */
    Uni<Set<String>> drained();
}
