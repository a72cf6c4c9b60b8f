package io.bitquark.protocol.tracker.udp;

import java.nio.ByteBuffer;

/**
 * BEP 15 connect response, 16 bytes:
 * <pre>
 * 0  i32 action = 0
 * 4  i32 transaction id
 * 8  i64 connection id
 * </pre>
 */
public record UdpConnectResponse(int transactionId, long connectionId) implements UdpTrackerResponse {

    public static final int SIZE = 16;

    @Override
    public UdpAction action() {
        return UdpAction.CONNECT;
    }

    @Override
    public byte[] encode() {
        return ByteBuffer.allocate(SIZE)
                .putInt(UdpAction.CONNECT.code())
                .putInt(transactionId)
                .putLong(connectionId)
                .array();
    }

    public static UdpConnectResponse decode(byte[] packet) throws UdpPacketException {
        UdpTrackerPackets.check(packet, 0, UdpAction.CONNECT, SIZE, SIZE, "connect response");
        ByteBuffer b = ByteBuffer.wrap(packet);
        return new UdpConnectResponse(b.getInt(4), b.getLong(8));
    }
}
