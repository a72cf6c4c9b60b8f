package io.bitquark.seeder.pool;

import java.util.Optional;

/**
 * A live pool member as the store last heard it: its {@link MemberProfile} and the time of its last
 * heartbeat, in milliseconds since the epoch by the store's clock (Redis {@code TIME} for the Redis store,
 * never the member's own clock).
 */
public record MemberBeat(String id, String address, Optional<String> zone, int weight, long lastBeatMillis) {

    /** The beat of {@code profile} at {@code lastBeatMillis}. */
    public static MemberBeat of(MemberProfile profile, long lastBeatMillis) {
        return new MemberBeat(profile.id(), profile.address(), profile.zone(), profile.weight(), lastBeatMillis);
    }

    /** What the member said of itself. */
    public MemberProfile profile() {
        return new MemberProfile(id, address, zone, weight);
    }
}
