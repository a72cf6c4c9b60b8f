package io.bitquark.protocol.tracker.udp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * BEP 15 error response, 8 bytes + message:
 * <pre>
 * 0  i32 action = 3
 * 4  i32 transaction id
 * 8  message, UTF-8, up to the end of the packet (each malformed sequence decodes as '?')
 * </pre>
 */
public record UdpErrorResponse(int transactionId, String message) implements UdpTrackerResponse {

    public static final int HEADER_SIZE = 8;
    public static final int MAX_SIZE = 1500;

    public UdpErrorResponse {
        Objects.requireNonNull(message, "message");
        if (HEADER_SIZE + message.getBytes(StandardCharsets.UTF_8).length > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "error message longer than " + (MAX_SIZE - HEADER_SIZE) + " UTF-8 bytes");
        }
    }

    @Override
    public UdpAction action() {
        return UdpAction.ERROR;
    }

    @Override
    public byte[] encode() {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(HEADER_SIZE + text.length)
                .putInt(UdpAction.ERROR.code())
                .putInt(transactionId)
                .put(text)
                .array();
    }

    public static UdpErrorResponse decode(byte[] packet) throws UdpPacketException {
        UdpTrackerPackets.check(packet, 0, UdpAction.ERROR, HEADER_SIZE, MAX_SIZE, "error response");
        String message;
        try {
            message = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .replaceWith("?")
                    .decode(ByteBuffer.wrap(packet, HEADER_SIZE, packet.length - HEADER_SIZE))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("unreachable: malformed input is replaced", e);
        }
        return new UdpErrorResponse(ByteBuffer.wrap(packet).getInt(4), message);
    }
}
