package io.bitquark.seeder.pool;

/**
 * A live pool member as the store last heard it: what it said of itself, and the time of its last heartbeat, in
 * milliseconds since the epoch by the store's clock (Redis {@code TIME} for the Redis store, never the member's own
 * clock).
 */
public record MemberBeat(PoolMember member, long lastBeatMillis) {}
