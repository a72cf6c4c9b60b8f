package io.bitquark.seeder.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a member may say of itself: the pool's bounds, the same for every backend. */
class PoolMemberTest {

    private static final String ADDRESS = "seeder-0.seeder.bitquark.svc:6881";

    @Test
    void aMemberWithoutZoneOrWeightHasNoZoneAndWeight100() {
        PoolMember member = new PoolMember("seeder-0", ADDRESS);
        assertThat(member.zone()).isEmpty();
        assertThat(member.weight()).isEqualTo(PoolMember.DEFAULT_WEIGHT).isEqualTo(100);
    }

    @Test
    void theIdIsOneTo253VisibleAsciiCharacters() {
        assertThat(new PoolMember("s".repeat(253), ADDRESS).id()).hasSize(253);
        for (String bad : new String[] {"", " ", "s".repeat(254), "seeder-0 ", "seeder\t0", "seeder\u00850", "sé"}) {
            assertInvalid(() -> new PoolMember(bad, ADDRESS), "id '" + bad + "'");
        }
        assertInvalid(() -> new PoolMember(null, ADDRESS), "no id");
    }

    @Test
    void theAddressIsHostAndPort() {
        assertThat(new PoolMember("seeder-0", "[::1]:6881").address()).isEqualTo("[::1]:6881");
        for (String bad : new String[] {"seeder-0", "seeder-0:", "seeder-0:0", "seeder-0:65536", ":6881"}) {
            assertInvalid(() -> new PoolMember("seeder-0", bad), "address '" + bad + "'");
        }
    }

    @Test
    void aZoneWhenPresentIsOneTo64VisibleAsciiCharacters() {
        assertThat(new PoolMember("seeder-0", ADDRESS, Optional.of("eu-west-1a"), 100).zone())
                .contains("eu-west-1a");
        for (String bad : new String[] {"", "eu west", "z".repeat(65)}) {
            assertInvalid(() -> new PoolMember("seeder-0", ADDRESS, Optional.of(bad), 100), "zone '" + bad + "'");
        }
    }

    @Test
    void theWeightIsPositive() {
        assertThat(new PoolMember("seeder-0", ADDRESS, Optional.empty(), 1).weight())
                .isEqualTo(1);
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> new PoolMember("seeder-0", ADDRESS, Optional.empty(), bad))
                    .isInstanceOfSatisfying(
                            PoolException.class, e -> assertThat(e.kind()).isEqualTo(PoolException.Kind.INVALID))
                    .hasMessageContaining("weight");
        }
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable make, String what) {
        assertThatThrownBy(make).as(what).isInstanceOfSatisfying(PoolException.class, e -> assertThat(e.kind())
                .isEqualTo(PoolException.Kind.INVALID));
    }
}
