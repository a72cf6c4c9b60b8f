package io.bitquark.protocol.peer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts the byte stream that follows the handshake into {@link PeerMessage}s (BEP 3 framing):
 *
 * <pre>
 * &lt;length prefix, 4 bytes big-endian&gt;&lt;id, 1 byte&gt;&lt;payload, length - 1 bytes&gt;    length 0: keep-alive
 * </pre>
 *
 * <p>Feed it chunks of any size, as they arrive; it returns the messages completed by each chunk and keeps
 * a partial frame for the next one. The handshake is not its business: the connection reads the fixed
 * {@link Handshake#LENGTH} bytes first ({@link Handshake#decode(java.nio.ByteBuffer)} leaves any bytes
 * after it in the buffer) and then feeds the rest here.
 *
 * <p>Limits ({@link FrameLimits}) are enforced before anything is allocated: a length prefix above the
 * largest limit fails as soon as its 4 bytes are in, and the per-message limit and the exact size of
 * fixed-size messages are checked once the id byte is in. The largest allocation is therefore bounded by the
 * limits, whatever a peer sends. After a {@link PeerWireException} the stream cannot be resynchronised and
 * the decoder refuses further input.
 *
 * <p>Not thread-safe: one decoder per connection, fed from its event loop.
 */
public final class FrameDecoder {

    private static final int HEADER_SIZE = PeerWireCodec.LENGTH_PREFIX_SIZE + 1;

    private final FrameLimits limits;
    private final int maxLengthPrefix;
    private final byte[] header = new byte[HEADER_SIZE];
    private int headerFill;
    private int id;
    private byte[] payload;
    private int payloadFill;
    private String failure;

    public FrameDecoder() {
        this(FrameLimits.defaults());
    }

    public FrameDecoder(FrameLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.maxLengthPrefix = limits.maxLengthPrefix();
    }

    public FrameLimits limits() {
        return limits;
    }

    public List<PeerMessage> feed(byte[] chunk) throws PeerWireException {
        return feed(ByteBuffer.wrap(chunk));
    }

    public List<PeerMessage> feed(byte[] chunk, int offset, int length) throws PeerWireException {
        return feed(ByteBuffer.wrap(chunk, offset, length));
    }

    /** Consumes all of {@code chunk}'s remaining bytes and returns the messages they complete, in order. */
    public List<PeerMessage> feed(ByteBuffer chunk) throws PeerWireException {
        if (failure != null) {
            throw new PeerWireException("the stream failed earlier and cannot be resumed: " + failure);
        }
        List<PeerMessage> messages = new ArrayList<>();
        try {
            while (chunk.hasRemaining()) {
                if (payload == null) {
                    readHeader(chunk, messages);
                } else {
                    int n = Math.min(chunk.remaining(), payload.length - payloadFill);
                    chunk.get(payload, payloadFill, n);
                    payloadFill += n;
                }
                completeFrame(messages);
            }
        } catch (PeerWireException e) {
            failure = e.getMessage();
            throw e;
        }
        return messages;
    }

    /** Whether no partial frame is buffered: the stream so far ended exactly on a message boundary. */
    public boolean isAtFrameBoundary() {
        return headerFill == 0 && payload == null;
    }

    /** How many bytes of an incomplete frame are held. */
    public int bufferedBytes() {
        return headerFill + payloadFill;
    }

    private void readHeader(ByteBuffer chunk, List<PeerMessage> messages) throws PeerWireException {
        int wanted = headerFill < PeerWireCodec.LENGTH_PREFIX_SIZE ? PeerWireCodec.LENGTH_PREFIX_SIZE - headerFill : 1;
        int n = Math.min(wanted, chunk.remaining());
        chunk.get(header, headerFill, n);
        headerFill += n;
        if (headerFill == PeerWireCodec.LENGTH_PREFIX_SIZE) {
            long lengthPrefix = lengthPrefix();
            if (lengthPrefix == 0) {
                headerFill = 0;
                messages.add(PeerMessage.KeepAlive.INSTANCE);
            } else if (lengthPrefix > maxLengthPrefix) {
                throw new PeerWireException(
                        "length prefix " + lengthPrefix + " exceeds the limit of " + maxLengthPrefix + " bytes");
            }
        } else if (headerFill == HEADER_SIZE) {
            long lengthPrefix = lengthPrefix();
            id = header[4] & 0xff;
            PeerWireCodec.checkFixedLength(id, lengthPrefix);
            if (lengthPrefix > limits.maxLengthPrefix(id)) {
                throw new PeerWireException("length prefix " + lengthPrefix + " exceeds the limit of "
                        + limits.maxLengthPrefix(id) + " bytes for message id " + id);
            }
            payload = new byte[(int) lengthPrefix - 1];
            payloadFill = 0;
        }
    }

    private void completeFrame(List<PeerMessage> messages) throws PeerWireException {
        if (payload != null && payloadFill == payload.length) {
            byte[] complete = payload;
            payload = null;
            payloadFill = 0;
            headerFill = 0;
            messages.add(PeerWireCodec.decodePayload(id, complete));
        }
    }

    private long lengthPrefix() {
        return ByteBuffer.wrap(header, 0, PeerWireCodec.LENGTH_PREFIX_SIZE).getInt() & 0xffffffffL;
    }
}
