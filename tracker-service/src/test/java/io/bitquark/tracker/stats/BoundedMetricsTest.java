package io.bitquark.tracker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.tracker.AddressFamily;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.TrackerUrls;
import io.bitquark.protocol.tracker.udp.UdpAnnounceRequest;
import io.bitquark.protocol.tracker.udp.UdpAnnounceResponse;
import io.bitquark.protocol.tracker.udp.UdpConnectRequest;
import io.bitquark.protocol.tracker.udp.UdpConnectResponse;
import io.bitquark.protocol.tracker.udp.UdpTrackerPackets;
import io.bitquark.protocol.tracker.udp.UdpTrackerResponse;
import io.bitquark.tracker.TrackerClient;
import io.bitquark.tracker.udp.UdpTrackerServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/metrics} does not grow with clients: UDP announces from 1000 source ports and HTTP requests over
 * hundreds of connections leave exactly the series that 10 of each left, and no label names a client's
 * address or port.
 */
@QuarkusTest
class BoundedMetricsTest {

    static final int FEW = 10;
    static final int MANY = 1000;
    /** Kinds of HTTP request, see {@link #httpRequest}. */
    static final int HTTP_KINDS = 7;

    static final int HTTP_FEW = 2 * HTTP_KINDS;
    static final int HTTP_MANY = 301;
    /** One label of a series: its name and its (escaped) value. */
    static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static final byte[] SWARM = TrackerClient.bytes20("metrics-swarm", 1);

    @Inject
    UdpTrackerServer udp;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/")
    URI base;

    final List<DatagramSocket> sockets = new ArrayList<>();
    final Set<Integer> clientPorts = new TreeSet<>();
    int peers;

    @AfterEach
    void closeSockets() {
        sockets.forEach(DatagramSocket::close);
    }

    @Test
    void theSeriesDoNotGrowWithClientsAndNameNoClient() throws Exception {
        udpAnnounces(FEW);
        httpRequests(HTTP_FEW);
        Set<String> few = series();
        OptionalLong idsAfterFew = preFilterIds();
        long metersAfterFew = nonJvmMeters();

        udpAnnounces(MANY - FEW);
        httpRequests(HTTP_MANY - HTTP_FEW);
        Set<String> many = series();
        assertThat(sockets).hasSize(MANY);

        Set<String> added = new TreeSet<>(many);
        added.removeAll(few);
        assertThat(added)
                .as(
                        "series added by %d more UDP source ports and %d more HTTP connections",
                        MANY - FEW, HTTP_MANY - HTTP_FEW)
                .isEmpty();
        assertThat(many).hasSameSizeAs(few);
        assertThat(nonJvmMeters()).as("meters in the registry").isEqualTo(metersAfterFew);
        OptionalLong idsAfterMany = preFilterIds();
        if (idsAfterFew.isPresent() && idsAfterMany.isPresent()) {
            assertThat(idsAfterMany.getAsLong() - idsAfterFew.getAsLong())
                    .as("ids cached by Micrometer before filtering (a few JVM meters may come)")
                    .isLessThan(20);
        }

        // The server's own ports (HTTP over TCP, the tracker over UDP) may share a number with a client port
        // of the other protocol; they are the server's, and expected in its labels.
        clientPorts.remove(base.getPort());
        clientPorts.remove(udp.port());

        List<String> naming = new ArrayList<>();
        for (String s : many) {
            Matcher label = LABEL.matcher(s);
            while (label.find()) {
                String name = label.group(1);
                String value = label.group(2);
                if (name.contains("remote") || name.contains("peer") || name.startsWith("client")) {
                    naming.add(s);
                }
                Matcher number = Pattern.compile("\\d+").matcher(value);
                while (number.find()) {
                    if (number.group().length() <= 5 && clientPorts.contains(Integer.parseInt(number.group()))) {
                        naming.add(s);
                    }
                }
            }
        }
        assertThat(naming)
                .as("series naming one of %d client ports or a per-client label", clientPorts.size())
                .isEmpty();
        assertThat(many)
                .as("UDP announces are counted, without the client")
                .anyMatch(s -> s.startsWith("bitquark_tracker_announces_total{")
                        && s.contains("protocol=\"udp\"")
                        && s.contains("result=\"ok\""));
    }

    /** One connect and one announce from each of {@code count} new UDP sockets, each on its own port. */
    private void udpAnnounces(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            sockets.add(socket);
            socket.setSoTimeout(5000);
            clientPorts.add(socket.getLocalPort()); // a UDP port may repeat an earlier TCP client's number
            UdpConnectResponse connected = (UdpConnectResponse) exchange(socket, new UdpConnectRequest(i).encode());
            int peer = ++peers;
            UdpTrackerResponse announced = exchange(
                    socket,
                    new UdpAnnounceRequest(
                                    connected.connectionId(),
                                    peer,
                                    SWARM,
                                    TrackerClient.bytes20("-UDP001-", peer),
                                    0,
                                    100,
                                    0,
                                    AnnounceEvent.STARTED,
                                    0,
                                    peer,
                                    5,
                                    socket.getLocalPort(),
                                    new byte[0])
                            .encode());
            assertThat(announced).isInstanceOf(UdpAnnounceResponse.class);
        }
    }

    private UdpTrackerResponse exchange(DatagramSocket socket, byte[] packet) throws Exception {
        socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), udp.port()));
        byte[] buffer = new byte[UdpTrackerPackets.MAX_DATAGRAM_SIZE];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        socket.receive(reply);
        return UdpTrackerPackets.decodeResponse(Arrays.copyOf(buffer, reply.getLength()), AddressFamily.IPV4);
    }

    /**
     * {@code count} HTTP/1.1 connections, each closed after one request of {@link #httpRequest}'s kinds in
     * turn, so that paths differ per client: announces, paths under {@code /announce/}, {@code /scrape/}
     * and {@code /api/allowlist/} (a later passkey, a fresh info-hash), methods no route takes.
     */
    private void httpRequests(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            int peer = ++peers;
            String hex = HexFormat.of().formatHex(TrackerClient.bytes20("-HTTP01-", peer));
            String request = httpRequest(i % HTTP_KINDS, peer, hex);
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                clientPorts.add(socket.getLocalPort());
                OutputStream out = socket.getOutputStream();
                out.write((request + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Length: 0\r\n"
                                + "Connection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = socket.getInputStream();
                String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
                assertThat(head).as(request).startsWith("HTTP/1.1 ");
                in.readAllBytes();
            }
        }
    }

    private static String httpRequest(int kind, int peer, String hex) {
        return switch (kind) {
            case 0 ->
                "GET "
                        + TrackerUrls.announce(
                                "/announce",
                                AnnounceRequest.builder(
                                                SWARM, TrackerClient.bytes20("-HTTP01-", peer), 20000 + peer % 10000)
                                        .left(100)
                                        .event(AnnounceEvent.STARTED)
                                        .build());
            case 1 -> "GET /announce/" + hex + "?info_hash=x";
            case 2 -> "GET /scrape/" + hex;
            case 3 -> "GET /api/allowlist/" + hex;
            case 4 -> "OPTIONS /api/allowlist/" + hex;
            case 5 -> "POST /announce/" + hex;
            default -> "HEAD /" + hex;
        };
    }

    /**
     * The ids Micrometer has cached before its filters ran, over the registry and its children. A filter
     * that strips a per-client tag must not leave one entry per client here (Micrometer 1.16 caches only
     * the first id that maps to a meter). Empty where Micrometer's internals differ.
     */
    private OptionalLong preFilterIds() {
        List<MeterRegistry> all = new ArrayList<>(List.of(registry));
        if (registry instanceof CompositeMeterRegistry composite) {
            all.addAll(composite.getRegistries());
        }
        try {
            Field cache = MeterRegistry.class.getDeclaredField("preFilterIdToMeterMap");
            cache.setAccessible(true);
            long ids = 0;
            for (MeterRegistry r : all) {
                ids += ((Map<?, ?>) cache.get(r)).size();
            }
            return OptionalLong.of(ids);
        } catch (ReflectiveOperationException | RuntimeException internalsChanged) {
            return OptionalLong.empty();
        }
    }

    private long nonJvmMeters() {
        return registry.getMeters().stream()
                .filter(m -> !m.getId().getName().startsWith("jvm."))
                .count();
    }

    /** The series of {@code /q/metrics} (name and labels, without the value), JVM internals left out. */
    private Set<String> series() {
        String body =
                new String(new TrackerClient(base.toString()).get("/q/metrics").body(), StandardCharsets.UTF_8);
        return body.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                // the JVM's own series (GC causes, memory pools) come and go with the heap, not with clients
                .filter(line -> !line.startsWith("jvm_"))
                .map(line -> line.substring(0, line.lastIndexOf(' ')))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
