package io.bitquark.seeder.pool;

import java.util.Objects;
import java.util.Optional;

/**
 * What a pool member says of itself with each heartbeat: its stable id, the peer-wire address other
 * members and clients reach it at ({@code host:port}), its zone if it has one, and its placement weight.
 * Checked on construction against the pool's bounds (an id of at most 128 visible ASCII characters, a port
 * from 1 to 65535, a weight of at least 1); a malformed profile throws a {@link PoolException} of kind
 * {@link PoolException.Kind#INVALID}.
 */
public record MemberProfile(String id, String address, Optional<String> zone, int weight) {

    public MemberProfile {
        PoolLimits.memberId(id);
        PoolLimits.address(address);
        Objects.requireNonNull(zone, "zone");
        zone.ifPresent(PoolLimits::zone);
        PoolLimits.weight(weight);
    }

    /** A member without a zone, of weight 1. */
    public static MemberProfile of(String id, String address) {
        return new MemberProfile(id, address, Optional.empty(), 1);
    }
}
