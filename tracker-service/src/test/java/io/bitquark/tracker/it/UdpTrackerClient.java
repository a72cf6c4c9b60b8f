package io.bitquark.tracker.it;

import io.bitquark.protocol.tracker.AddressFamily;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.udp.UdpAnnounceRequest;
import io.bitquark.protocol.tracker.udp.UdpConnectRequest;
import io.bitquark.protocol.tracker.udp.UdpConnectResponse;
import io.bitquark.protocol.tracker.udp.UdpErrorResponse;
import io.bitquark.protocol.tracker.udp.UdpPacketException;
import io.bitquark.protocol.tracker.udp.UdpTrackerPackets;
import io.bitquark.protocol.tracker.udp.UdpTrackerRequest;
import io.bitquark.protocol.tracker.udp.UdpTrackerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A blocking BEP 15 client over one {@link DatagramSocket} on loopback, built on the protocol module's
 * packet classes. One request is outstanding at a time; answers to other transaction ids (late answers
 * to an earlier try) are skipped. A request is sent up to {@code attempts} times, each waiting
 * {@code wait} for its answer, as BEP 15 clients retransmit.
 */
final class UdpTrackerClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetAddress tracker = InetAddress.getLoopbackAddress();
    private final int port;
    private final int attempts;

    UdpTrackerClient(int trackerPort, int waitMillis, int attempts) {
        this.port = trackerPort;
        this.attempts = attempts;
        try {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(waitMillis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One try, waiting at most {@link TrackerProcess#ANSWER_BOUND} for the answer. */
    static UdpTrackerClient patient(int trackerPort) {
        return new UdpTrackerClient(trackerPort, (int) TrackerProcess.ANSWER_BOUND.toMillis(), 1);
    }

    /** The connection id the tracker issues to this client's address. */
    long connect() {
        UdpTrackerResponse response = exchange(new UdpConnectRequest(transactionId()));
        if (response instanceof UdpConnectResponse connected) {
            return connected.connectionId();
        }
        throw new AssertionError("connect answered with " + response);
    }

    /** An announce with the given fields; the numwant is the tracker's default (-1). */
    UdpTrackerResponse announce(
            long connectionId, byte[] infoHash, byte[] peerId, int peerPort, long left, AnnounceEvent event) {
        return exchange(new UdpAnnounceRequest(
                connectionId,
                transactionId(),
                infoHash,
                peerId,
                0,
                left,
                0,
                event,
                0,
                ByteBuffer.wrap(peerId, 16, 4).getInt(),
                -1,
                peerPort,
                new byte[0]));
    }

    /** Sends {@code request} and returns the answer carrying its transaction id. */
    UdpTrackerResponse exchange(UdpTrackerRequest request) {
        byte[] out = request.encode();
        int transactionId = request.transactionId();
        byte[] in = new byte[UdpTrackerPackets.MAX_DATAGRAM_SIZE];
        try {
            for (int attempt = 1; attempt <= attempts; attempt++) {
                socket.send(new DatagramPacket(out, out.length, tracker, port));
                try {
                    while (true) {
                        DatagramPacket packet = new DatagramPacket(in, in.length);
                        socket.receive(packet);
                        byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
                        UdpTrackerResponse response = UdpTrackerPackets.decodeResponse(data, AddressFamily.IPV4);
                        if (response.transactionId() == transactionId) {
                            return response;
                        }
                    }
                } catch (SocketTimeoutException unanswered) {
                    // send again
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UdpPacketException e) {
            throw new AssertionError("the tracker sent a malformed UDP packet: " + e.getMessage(), e);
        }
        throw new AssertionError("no UDP answer from port " + port + " after " + attempts + " tries of "
                + request.action() + " (transaction " + transactionId + ")");
    }

    private static int transactionId() {
        return ThreadLocalRandom.current().nextInt();
    }

    /** The message of an error packet, or an assertion failure naming what came instead. */
    static String errorMessage(UdpTrackerResponse response) {
        if (response instanceof UdpErrorResponse error) {
            return error.message();
        }
        throw new AssertionError("expected a BEP 15 error packet, got " + response);
    }

    @Override
    public void close() {
        socket.close();
    }
}
