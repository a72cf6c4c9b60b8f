package io.bitquark.seeder.storage;

import io.bitquark.seeder.config.StorageConfig;
import java.io.Closeable;
import java.util.Objects;

/**
 * What every {@link TorrentStorage} of the process shares: the bounded set of open files, the pool of read
 * buffers, and how changed files are detected.
 */
public final class StorageResources implements Closeable {

    /** Direct read buffers pooled per read thread: enough for the blocks each one has in flight. */
    static final int BUFFERS_PER_READ_THREAD = 16;

    private final FileHandles handles;
    private final BlockBuffers buffers;
    private final ChangeDetection changeDetection;

    public StorageResources(FileHandles handles, BlockBuffers buffers, ChangeDetection changeDetection) {
        this.handles = Objects.requireNonNull(handles, "handles");
        this.buffers = Objects.requireNonNull(buffers, "buffers");
        this.changeDetection = Objects.requireNonNull(changeDetection, "changeDetection");
        if (buffers.blockSize() < BlockBuffers.BLOCK_SIZE) {
            throw new IllegalArgumentException(
                    "read buffers must hold at least one 16 KiB block: " + buffers.blockSize());
        }
    }

    /**
     * Resources sized by the configuration: {@code max-open-files} channels, 16 pooled 16 KiB direct buffers
     * per read thread, changes detected per {@code reverify-changed-files} and {@code change-check-interval}.
     */
    public static StorageResources of(StorageConfig config) {
        ChangeDetection detection = config.reverifyChangedFiles()
                ? ChangeDetection.every(config.changeCheckInterval())
                : ChangeDetection.off();
        return new StorageResources(
                new FileHandles(config.maxOpenFiles()),
                new BlockBuffers(BlockBuffers.BLOCK_SIZE, Math.max(1, config.readThreads()) * BUFFERS_PER_READ_THREAD),
                detection);
    }

    public FileHandles handles() {
        return handles;
    }

    public BlockBuffers buffers() {
        return buffers;
    }

    public ChangeDetection changeDetection() {
        return changeDetection;
    }

    /** Closes every open file. */
    @Override
    public void close() {
        handles.close();
    }
}
