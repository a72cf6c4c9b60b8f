package io.bitquark.seeder.pool;

/**
 * Why a {@link PoolStore} call was refused or could not be answered. Every failed {@code Uni} of the store
 * fails with one of these; {@link #kind()} says which case it is, the message says it to a person.
 */
public final class PoolException extends RuntimeException {

    /** The cases a caller may want to tell apart. */
    public enum Kind {
        /** The member id is beating from another peer-wire address within the member timeout. */
        MEMBER_ID_TAKEN,
        /** The .torrent is larger than the store's configured maximum. */
        TORRENT_TOO_LARGE,
        /** An argument is malformed or out of bounds (member id, address, zone, weight, info-hash, R, progress). */
        INVALID,
        /** The backing storage did not answer in time or answered with an error. */
        UNAVAILABLE,
        /** This replica is not a pool member ({@code bitquark.seeder.pool.enabled} is false). */
        DISABLED,
        /** No such torrent or member in the pool. */
        NOT_FOUND
    }

    private final Kind kind;

    public PoolException(Kind kind, String message) {
        this(kind, message, null);
    }

    public PoolException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
