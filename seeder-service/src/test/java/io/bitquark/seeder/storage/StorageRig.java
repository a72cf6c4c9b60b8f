package io.bitquark.seeder.storage;

import io.bitquark.protocol.metainfo.Metainfo;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shared parts a test's storages run on: real file handles and buffers, and a pool of two check threads;
 * registered with {@code @RegisterExtension}, it closes them after each test.
 */
final class StorageRig implements AfterEachCallback {

    private final StorageResources resources;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final PieceCheck check = new PieceCheck(pool, 2);

    /** At most {@code maxOpen} files open, changes detected per {@code detection}. */
    StorageRig(int maxOpen, ChangeDetection detection) {
        resources = new StorageResources(new FileHandles(maxOpen), new BlockBuffers(TestTorrents.KIB16, 8), detection);
    }

    StorageResources resources() {
        return resources;
    }

    PieceCheck pieceCheck() {
        return check;
    }

    TorrentStorage open(Metainfo metainfo, Path dataRoot, String contentPath) throws Exception {
        return TorrentStorage.open(metainfo, dataRoot, Path.of(contentPath), resources);
    }

    /** Checks {@code pieces} of {@code storage} and waits for the result. */
    CheckResult check(TorrentStorage storage, BitSet pieces) throws Exception {
        return check.start(storage, pieces, (bytes, total) -> {}).result().get(1, TimeUnit.MINUTES);
    }

    /** Checks every piece and makes the result the storage's served state. */
    CheckResult checkAndAccept(TorrentStorage storage) throws Exception {
        CheckResult result = check(storage, TestTorrents.range(0, storage.pieceCount()));
        storage.accept(result);
        return result;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        resources.close();
    }
}
