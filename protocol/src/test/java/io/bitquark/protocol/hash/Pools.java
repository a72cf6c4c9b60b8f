package io.bitquark.protocol.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Thread pools for a test's hashing, registered with {@code @RegisterExtension}; stopped after each test. */
final class Pools implements AfterEachCallback {

    private final List<ExecutorService> pools = new ArrayList<>();

    ExecutorService pool(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        pools.add(pool);
        return pool;
    }

    /** {@code tasks} tasks per call on a pool of as many threads; one task runs on the calling thread. */
    PieceHashing hashing(int tasks) {
        return tasks == 1 ? PieceHashing.onCallingThread() : PieceHashing.on(pool(tasks), tasks);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
        pools.clear();
    }
}
