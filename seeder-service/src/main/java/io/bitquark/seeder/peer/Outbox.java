package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.PeerWireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The piece messages of one connection waiting to be written together:
 *
 * <pre>
 * [13-byte header][block][13-byte header][block] ...   one gathered write, at most 32 piece messages
 * </pre>
 *
 * <p>Blocks that finish reading while the flush task waits on the event loop join the same write, so several
 * blocks cost one syscall. The headers are off-heap, so with off-heap blocks the whole write is gathered from
 * where it lies, uncopied. Used on the connection's event loop only.
 */
final class Outbox {

    /** Header and block of at most 32 piece messages per write. */
    private static final int COMPONENTS = 64;

    private final Context context;
    private final Consumer<CompositeByteBuf> writer;
    private CompositeByteBuf pieces;
    private ByteBuffer headers;
    private boolean flushScheduled;

    /**
     * @param writer writes what is gathered and releases it once written (or at once, when the connection is
     *     closed)
     */
    Outbox(Context context, Consumer<CompositeByteBuf> writer) {
        this.context = context;
        this.writer = writer;
    }

    /** Adds the piece message {@code <index><begin><block>}, taking {@code block}'s reference. */
    void add(int index, int begin, ByteBuf block) {
        if (pieces == null) {
            pieces = Unpooled.compositeBuffer(COMPONENTS);
            headers = ByteBuffer.allocateDirect(COMPONENTS / 2 * PeerWireCodec.PIECE_HEADER_SIZE);
        }
        ByteBuffer header = headers.slice(headers.position(), PeerWireCodec.PIECE_HEADER_SIZE)
                .put(PeerWireCodec.pieceHeader(index, begin, block.readableBytes()))
                .flip();
        headers.position(headers.position() + PeerWireCodec.PIECE_HEADER_SIZE);
        pieces.addComponent(true, Unpooled.wrappedBuffer(header));
        pieces.addComponent(true, block);
        if (pieces.numComponents() >= COMPONENTS) {
            flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            context.runOnContext(v -> {
                flushScheduled = false;
                flush();
            });
        }
    }

    /** Writes the piece messages gathered so far, before anything else is written. */
    void flush() {
        CompositeByteBuf gathered = pieces;
        pieces = null;
        headers = null;
        if (gathered != null) {
            writer.accept(gathered);
        }
    }

    /** Drops what is gathered (the connection closed). */
    void discard() {
        if (pieces != null) {
            pieces.release();
            pieces = null;
            headers = null;
        }
    }
}
