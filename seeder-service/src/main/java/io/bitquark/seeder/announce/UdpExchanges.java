package io.bitquark.seeder.announce;

import io.bitquark.protocol.tracker.AddressFamily;
import io.bitquark.protocol.tracker.udp.UdpPacketException;
import io.bitquark.protocol.tracker.udp.UdpTrackerPackets;
import io.bitquark.protocol.tracker.udp.UdpTrackerResponse;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * BEP 15 request/response exchanges over Vert.x datagram sockets: one socket per address family for the
 * whole process, answers matched to requests by their random transaction id (offset 4 of every response).
 *
 * <p>Retransmission follows BEP 15: when no answer has come {@code 15 * 2^n} seconds after the n-th
 * sending (n from 0, at most 8), the same packet is sent again. The whole exchange is bounded by the
 * timeout ({@code bitquark.seeder.announce.timeout}), so with the default 15 s a request is sent once.
 * A response from another port than the tracker's, or with an unknown transaction id, is ignored.
 */
final class UdpExchanges implements AutoCloseable {

    /** BEP 15's first retransmission timeout. */
    static final Duration BEP15_RETRANSMIT = Duration.ofSeconds(15);

    private static final int MAX_RETRANSMIT_EXPONENT = 8;

    private final Vertx vertx;
    private final Duration timeout;
    private final Duration retransmitBase;
    private final Map<AddressFamily, Future<DatagramSocket>> sockets = new ConcurrentHashMap<>();
    private final Map<Integer, Exchange> pending = new ConcurrentHashMap<>();

    UdpExchanges(Vertx vertx, Duration timeout, Duration retransmitBase) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.retransmitBase = retransmitBase;
    }

    /**
     * Sends the packet {@code request} builds around a fresh transaction id to {@code host:port} (a numeric
     * IPv6 host goes out of the IPv6 socket, anything else out of the IPv4 one) and completes with the
     * decoded answer to that transaction, or fails with an {@link AnnounceException}.
     */
    Uni<UdpTrackerResponse> exchange(String host, int port, IntFunction<byte[]> request) {
        AddressFamily family = host.indexOf(':') >= 0 ? AddressFamily.IPV6 : AddressFamily.IPV4;
        return Uni.createFrom()
                .<UdpTrackerResponse>emitter(emitter -> socket(family).onComplete(bound -> {
                    if (bound.failed()) {
                        emitter.fail(new AnnounceException(
                                "no UDP socket: " + bound.cause().getMessage(), bound.cause()));
                        return;
                    }
                    Exchange exchange = register(bound.result(), host, port, emitter);
                    emitter.onTermination(exchange::finish);
                    exchange.send(request.apply(exchange.transactionId));
                }))
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new AnnounceException("no answer within " + timeout));
    }

    private Exchange register(
            DatagramSocket socket, String host, int port, UniEmitter<? super UdpTrackerResponse> emitter) {
        while (true) {
            int transactionId = ThreadLocalRandom.current().nextInt();
            Exchange exchange = new Exchange(transactionId, socket, host, port, emitter);
            if (pending.putIfAbsent(transactionId, exchange) == null) {
                return exchange;
            }
        }
    }

    private Future<DatagramSocket> socket(AddressFamily family) {
        return sockets.computeIfAbsent(family, f -> {
            DatagramSocket socket =
                    vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(f == AddressFamily.IPV6));
            socket.handler(this::received);
            return socket.listen(0, f == AddressFamily.IPV6 ? "::" : "0.0.0.0").onFailure(e -> sockets.remove(f));
        });
    }

    private void received(DatagramPacket packet) {
        byte[] bytes = packet.data().getBytes();
        if (bytes.length < UdpTrackerPackets.MIN_RESPONSE_SIZE) {
            return;
        }
        Exchange exchange = pending.get(ByteBuffer.wrap(bytes).getInt(4));
        if (exchange == null || packet.sender().port() != exchange.port) {
            return;
        }
        AddressFamily family = packet.sender().host().indexOf(':') >= 0 ? AddressFamily.IPV6 : AddressFamily.IPV4;
        try {
            exchange.answered(UdpTrackerPackets.decodeResponse(bytes, family));
        } catch (UdpPacketException e) {
            exchange.failed(new AnnounceException("malformed UDP tracker response: " + e.getMessage(), e));
        }
    }

    @Override
    public void close() {
        pending.values().forEach(e -> e.failed(new AnnounceException("tracker client closed")));
        sockets.values().forEach(s -> s.onSuccess(DatagramSocket::close));
        sockets.clear();
    }

    /** One request awaiting its answer, sent again on BEP 15's schedule until answered or finished. */
    private final class Exchange {
        private final int transactionId;
        private final DatagramSocket socket;
        private final String host;
        private final int port;
        private final UniEmitter<? super UdpTrackerResponse> emitter;
        private int sent;
        private long timer = -1;
        private boolean finished;

        Exchange(
                int transactionId,
                DatagramSocket socket,
                String host,
                int port,
                UniEmitter<? super UdpTrackerResponse> emitter) {
            this.transactionId = transactionId;
            this.socket = socket;
            this.host = host;
            this.port = port;
            this.emitter = emitter;
        }

        synchronized void send(byte[] packet) {
            if (finished) {
                return;
            }
            socket.send(Buffer.buffer(packet), port, host)
                    .onFailure(e -> failed(new AnnounceException(
                            "could not send to " + host + ":" + port + ": " + e.getMessage(), e)));
            long wait = retransmitBase.toMillis() << Math.min(sent, MAX_RETRANSMIT_EXPONENT);
            sent++;
            timer = vertx.setTimer(Math.max(1, wait), t -> send(packet));
        }

        void answered(UdpTrackerResponse response) {
            if (finish()) {
                emitter.complete(response);
            }
        }

        void failed(AnnounceException failure) {
            if (finish()) {
                emitter.fail(failure);
            }
        }

        /** Stops retransmitting and forgets the transaction; true the first time only. */
        synchronized boolean finish() {
            if (finished) {
                return false;
            }
            finished = true;
            pending.remove(transactionId, this);
            vertx.cancelTimer(timer);
            return true;
        }
    }
}
