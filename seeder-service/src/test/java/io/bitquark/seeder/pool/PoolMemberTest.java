package io.bitquark.seeder.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bitquark.protocol.magnet.PeerAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolMemberTest {

    private static final PeerAddress ADDRESS = new PeerAddress("seeder-0.seeder.bitquark.svc", 6881);

    @Test
    void aMemberWithoutZoneOrWeightHasNoZoneAndWeight100() {
        PoolMember member = new PoolMember("seeder-0", ADDRESS);
        assertThat(member.zone()).isEmpty();
        assertThat(member.weight()).isEqualTo(PoolMember.DEFAULT_WEIGHT).isEqualTo(100);
    }

    @Test
    void theIdIsOneTo253CharactersWithoutWhitespaceOrControlCharacters() {
        assertThat(new PoolMember("s".repeat(253), ADDRESS).id()).hasSize(253);
        for (String bad : new String[] {"", " ", "s".repeat(254), "seeder-0 ", "seeder\t0", "seeder\u00850"}) {
            assertThatThrownBy(() -> new PoolMember(bad, ADDRESS))
                    .as("id '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new PoolMember(null, ADDRESS)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aZoneWhenPresentFollowsTheSameRule() {
        assertThat(new PoolMember("seeder-0", ADDRESS, Optional.of("eu-west-1a"), 100).zone())
                .contains("eu-west-1a");
        assertThatThrownBy(() -> new PoolMember("seeder-0", ADDRESS, Optional.of(""), 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PoolMember("seeder-0", ADDRESS, Optional.of("eu west"), 100))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWeightIsPositive() {
        assertThat(new PoolMember("seeder-0", ADDRESS, Optional.empty(), 1).weight())
                .isEqualTo(1);
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> new PoolMember("seeder-0", ADDRESS, Optional.empty(), bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("weight");
        }
    }
}
