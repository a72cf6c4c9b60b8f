package io.bitquark.seeder.pool;

import io.bitquark.seeder.pool.PoolException.Kind;

/** The refusal of a beat whose member id another address holds, worded the same by every store. */
final class MemberIdTaken {

    private MemberIdTaken() {}

    /**
     * @param holder the address that holds the id
     * @param ageMillis how long ago the holder last beat
     */
    static PoolException of(PoolMember refused, String holder, long ageMillis) {
        return new PoolException(
                Kind.MEMBER_ID_TAKEN,
                "pool member id '" + refused.id() + "' is already beating from " + holder + " (last beat "
                        + ageMillis + " ms ago); the member at " + refused.address()
                        + " cannot join under the same id: give each replica its own member id");
    }
}
