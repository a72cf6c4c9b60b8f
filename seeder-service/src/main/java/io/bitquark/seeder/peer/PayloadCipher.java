package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.mse.Rc4;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;

/**
 * The RC4 of one connection whose MSE handshake selected it: every byte after the handshake, both ways. Bytes
 * received are decrypted in place; bytes we built for this connection alone are encrypted in place; piece
 * messages, whose blocks may be shared, are copied once and the copy encrypted. Used on the connection's event
 * loop only, in the order the bytes go on the wire.
 */
final class PayloadCipher {

    private final Rc4 incoming;
    private final Rc4 outgoing;

    PayloadCipher(Rc4 incoming, Rc4 outgoing) {
        this.incoming = incoming;
        this.outgoing = outgoing;
    }

    /** Decrypts the remaining bytes of {@code in} in place. */
    void decrypt(ByteBuffer in) {
        incoming.crypt(in);
    }

    /** Encrypts {@code out}, a buffer nobody else holds, in place. */
    Buffer encrypt(Buffer out) {
        ByteBuf buf = out.getByteBuf();
        for (ByteBuffer part : buf.nioBuffers(buf.readerIndex(), buf.readableBytes())) {
            outgoing.crypt(part);
        }
        return out;
    }

    /** An encrypted copy of {@code shared}'s readable bytes, which are left as they were. */
    Buffer encryptCopy(ByteBuf shared) {
        byte[] copy = new byte[shared.readableBytes()];
        shared.getBytes(shared.readerIndex(), copy);
        outgoing.crypt(copy, 0, copy.length);
        return Buffer.buffer(copy);
    }
}
