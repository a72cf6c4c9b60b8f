package io.bitquark.seeder.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pool-store contract on the in-memory store, on a clock the test moves, plus the exact boundary. */
class InMemoryPoolStoreTest extends PoolStoreContract {

    final AtomicLong clock = new AtomicLong(1_765_000_000_000L);

    @Override
    PoolStore newStore(int maxTorrentBytes) {
        return new InMemoryPoolStore(clock::get, maxTorrentBytes);
    }

    @Override
    void letTimePass(Duration time) {
        clock.addAndGet(time.toMillis());
    }

    @Test
    void aMemberIsLiveUpToTheTimeoutAndGoneOneMillisecondLater() {
        long at = beat(member(A, ADDRESS_1), SHORT);
        assertThat(at).isEqualTo(clock.get());

        letTimePass(SHORT);
        assertThat(liveIds(SHORT)).containsExactly(A);

        letTimePass(Duration.ofMillis(1));
        assertThat(liveIds(SHORT)).isEmpty();
    }
}
