package io.bitquark.protocol.tracker.udp;

import java.nio.ByteBuffer;

/**
 * BEP 15 connect request, 16 bytes:
 * <pre>
 * 0  i64 protocol id = 0x41727101980
 * 8  i32 action = 0
 * 12 i32 transaction id
 * </pre>
 */
public record UdpConnectRequest(int transactionId) implements UdpTrackerRequest {

    public static final int SIZE = 16;

    @Override
    public UdpAction action() {
        return UdpAction.CONNECT;
    }

    @Override
    public byte[] encode() {
        return ByteBuffer.allocate(SIZE)
                .putLong(UdpTrackerPackets.PROTOCOL_ID)
                .putInt(UdpAction.CONNECT.code())
                .putInt(transactionId)
                .array();
    }

    public static UdpConnectRequest decode(byte[] packet) throws UdpPacketException {
        UdpTrackerPackets.check(packet, 8, UdpAction.CONNECT, SIZE, SIZE, "connect request");
        ByteBuffer b = ByteBuffer.wrap(packet);
        long protocolId = b.getLong(0);
        if (protocolId != UdpTrackerPackets.PROTOCOL_ID) {
            throw new UdpPacketException(
                    UdpPacketException.Kind.WRONG_PROTOCOL_ID,
                    "protocol id 0x" + Long.toHexString(protocolId) + ", expected 0x41727101980");
        }
        return new UdpConnectRequest(b.getInt(12));
    }
}
