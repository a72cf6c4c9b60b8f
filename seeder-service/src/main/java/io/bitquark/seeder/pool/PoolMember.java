package io.bitquark.seeder.pool;

import io.bitquark.protocol.magnet.PeerAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One replica of the seed pool as every member sees it: a stable {@code id} (on Kubernetes the StatefulSet pod
 * name, {@code seeder-0}), the {@code peerAddress} other members and peers reach its peer wire at, an optional
 * failure {@code zone} (a Kubernetes {@code topology.kubernetes.io/zone}), and a placement {@code weight}: a member
 * of weight 200 is given twice the torrents of one of weight 100 (see {@link RendezvousPlacement}).
 *
 * <p>The id is what placement hashes, so it must not change across restarts: at most {@value #MAX_ID_LENGTH}
 * characters (a Kubernetes object name's limit), none of them whitespace or control characters. A zone, when
 * present, follows the same rule.
 */
public record PoolMember(String id, PeerAddress peerAddress, Optional<String> zone, int weight) {

    /** The weight of a member that sets none. */
    public static final int DEFAULT_WEIGHT = 100;

    /** The longest id (and zone) accepted, in characters. */
    public static final int MAX_ID_LENGTH = 253;

    public PoolMember {
        requireName("member id", id);
        Objects.requireNonNull(peerAddress, "peerAddress");
        Objects.requireNonNull(zone, "zone");
        zone.ifPresent(z -> requireName("zone", z));
        if (weight < 1) {
            throw new IllegalArgumentException("weight of member " + id + " must be positive, got " + weight);
        }
    }

    /** A member without a zone, of the default weight. */
    public PoolMember(String id, PeerAddress peerAddress) {
        this(id, peerAddress, Optional.empty(), DEFAULT_WEIGHT);
    }

    private static void requireName(String what, String name) {
        Objects.requireNonNull(name, what);
        if (name.isEmpty() || name.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    what + " must be 1 to " + MAX_ID_LENGTH + " characters, got " + name.length());
        }
        if (name.chars().anyMatch(c -> c <= ' ' || Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(what + " '" + name + "' holds whitespace or a control character");
        }
    }
}
