package io.bitquark.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The identity index answers like a map through any mix of puts and removes, colliding keys included. */
class IdentityIndexTest {

    @Test
    void behavesLikeAMapThroughRandomPutsAndRemoves() {
        Random random = new Random(7);
        IdentityIndex index = new IdentityIndex();
        Map<Long, Integer> reference = new HashMap<>();
        for (int step = 0; step < 100_000; step++) {
            // few distinct keys, many sharing their low bits, so runs form and wrap around
            long id = 1 + (random.nextInt(3000) << 20 | random.nextInt(4));
            if (random.nextInt(3) == 0) {
                index.remove(id);
                reference.remove(id);
            } else {
                int loc = IdentityIndex.loc(random.nextInt(3), random.nextInt(4), random.nextInt(1 << 20));
                index.put(id, loc);
                reference.put(id, loc);
            }
            if (step % 4999 == 0) {
                assertThat(index.size()).isEqualTo(reference.size());
                for (Map.Entry<Long, Integer> e : reference.entrySet()) {
                    assertThat(index.get(e.getKey())).isEqualTo(e.getValue());
                }
            }
        }
        assertThat(index.get(Long.MAX_VALUE)).isEqualTo(IdentityIndex.NONE);
    }

    @Test
    void aLocationKeepsItsSlotArrayAndPosition() {
        int loc = IdentityIndex.loc(2, 3, 0x0fffffff);
        assertThat(loc).isNotEqualTo(IdentityIndex.NONE);
        assertThat(IdentityIndex.slot(loc)).isEqualTo(2);
        assertThat(IdentityIndex.array(loc)).isEqualTo(3);
        assertThat(IdentityIndex.position(loc)).isEqualTo(0x0fffffff);
    }
}
