package io.bitquark.seeder.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockBuffersTest {

    @Test
    void lendsDirectBuffersLimitedToTheLengthAskedFor() {
        BlockBuffers buffers = new BlockBuffers(BlockBuffers.BLOCK_SIZE, 2);

        ByteBuffer b = buffers.acquire(1000);

        assertThat(b.isDirect()).isTrue();
        assertThat(b.position()).isZero();
        assertThat(b.limit()).isEqualTo(1000);
        assertThat(b.capacity()).isEqualTo(BlockBuffers.BLOCK_SIZE);
    }

    @Test
    void neverAllocatesMoreDirectBuffersThanItsCapacity() {
        BlockBuffers buffers = new BlockBuffers(BlockBuffers.BLOCK_SIZE, 3);
        List<ByteBuffer> lent = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            lent.add(buffers.acquire(BlockBuffers.BLOCK_SIZE));
        }

        assertThat(lent).filteredOn(ByteBuffer::isDirect).hasSize(3);
        assertThat(buffers.allocated()).isEqualTo(3);
        lent.forEach(buffers::release);
        for (int i = 0; i < 3; i++) {
            assertThat(buffers.acquire(10).isDirect()).isTrue();
        }
        assertThat(buffers.allocated()).as("released buffers are reused").isEqualTo(3);
    }

    @Test
    void aLengthOverTheBlockSizeGetsAHeapBuffer() {
        BlockBuffers buffers = new BlockBuffers(BlockBuffers.BLOCK_SIZE, 3);

        ByteBuffer b = buffers.acquire(BlockBuffers.BLOCK_SIZE + 1);

        assertThat(b.isDirect()).isFalse();
        assertThat(b.remaining()).isEqualTo(BlockBuffers.BLOCK_SIZE + 1);
        assertThat(buffers.allocated()).isZero();
    }
}
