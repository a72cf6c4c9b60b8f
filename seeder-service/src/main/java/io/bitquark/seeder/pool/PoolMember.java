package io.bitquark.seeder.pool;

import java.util.Objects;
import java.util.Optional;

/**
 * One replica of the seed pool as every member sees it: a stable {@code id} (on Kubernetes the StatefulSet pod
 * name, {@code seeder-0}; by default the host name), the {@code address} ({@code host:port}, IPv6 hosts in brackets)
 * other members and peers reach its peer wire at, an optional failure {@code zone} (a Kubernetes
 * {@code topology.kubernetes.io/zone}), and a placement {@code weight}: a member of weight 200 is given twice the
 * torrents of one of weight 100 (see {@link RendezvousPlacement}). It is what a member says of itself with each
 * heartbeat ({@link PoolStore#beat}).
 *
 * <p>The id is what placement hashes, so it must not change across restarts. The bounds are the pool's, checked
 * here for every backend alike ({@link PoolLimits}): an id of 1 to {@value PoolLimits#MAX_MEMBER_ID} visible ASCII
 * characters (a host name's limit), a zone of 1 to {@value PoolLimits#MAX_ZONE}, a port from 1 to 65535, a weight of
 * at least 1; anything else throws a {@link PoolException} of kind {@link PoolException.Kind#INVALID}.
 */
public record PoolMember(String id, String address, Optional<String> zone, int weight) {

    /** The weight of a member that sets none. */
    public static final int DEFAULT_WEIGHT = 100;

    public PoolMember {
        PoolLimits.memberId(id);
        PoolLimits.address(address);
        Objects.requireNonNull(zone, "zone");
        zone.ifPresent(PoolLimits::zone);
        PoolLimits.weight(weight);
    }

    /** A member without a zone, of the default weight. */
    public PoolMember(String id, String address) {
        this(id, address, Optional.empty(), DEFAULT_WEIGHT);
    }
}
