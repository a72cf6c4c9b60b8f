package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.peer.Handshake;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.peer.ReservedBits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer-wire port range at process level, as the original client tried 6881 to 6889: when
 * {@code bitquark.seeder.peer-port} is taken the seeder binds the next free port up to
 * {@code bitquark.seeder.peer-port-last}, shows it on the dashboard and serves peers there; when every port of
 * the range is taken it does not start, and says which ports it tried.
 */
@Tag("interop")
class PeerPortFallbackIT {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dataRoot;

    @TempDir
    Path stateDir;

    @TempDir
    Path work;

    @Test
    void whenThePeerPortIsTakenTheSeederServesOnTheNextOne() throws Exception {
        int first = freeRange(3);
        SeedContent content = SeedContent.create(dataRoot, work, "next-port", 111, MetaVersion.V1, List.of());
        try (ServerSocket taken = new ServerSocket(first, 1, LOOPBACK);
                SeederServiceProcess seeder = SeederServiceProcess.with(dataRoot, stateDir)
                        .peerPorts(first, first + 2)
                        .start()) {
            seeder.seed(content);

            assertThat(seeder.dashboard()).contains("Peer-wire port <strong>" + (first + 1) + "</strong>");
            assertThat(seeder.logTail()).contains("peer-wire port " + first + " is in use, trying " + (first + 1));
            Handshake answer = handshake(first + 1, content.infoHash());
            assertThat(answer.infoHash()).isEqualTo(content.infoHash());
            assertThat(answer.peerId().client()).map(PeerId.Client::name).contains("BitQuark");
        }
    }

    @Test
    void whenEveryPortOfTheRangeIsTakenTheSeederDoesNotStartAndNamesThem() throws Exception {
        int first = freeRange(3);
        List<ServerSocket> taken = new ArrayList<>();
        try {
            for (int port = first; port <= first + 2; port++) {
                taken.add(new ServerSocket(port, 1, LOOPBACK));
            }

            assertThatThrownBy(() -> SeederServiceProcess.with(dataRoot, stateDir)
                            .peerPorts(first, first + 2)
                            .start())
                    .hasMessageContaining("exited with 1 at start-up")
                    .hasMessageContaining("no free peer-wire port on 127.0.0.1: ports " + first + " to " + (first + 2)
                            + " are all in use");
        } finally {
            for (ServerSocket socket : taken) {
                socket.close();
            }
        }
    }

    /** Sends a BEP 3 handshake for {@code infoHash} to {@code port} and reads the one that answers it. */
    private static Handshake handshake(int port, byte[] infoHash) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(new Handshake(ReservedBits.none(), infoHash, PeerId.generate()).encode());
            return Handshake.decode(socket.getInputStream().readNBytes(Handshake.LENGTH));
        }
    }

    /**
     * The first of {@code count} consecutive ports that were all free on loopback a moment ago, below Linux's
     * ephemeral range (32768 and up): there, outgoing connections of any process on the machine take ports
     * at any moment (connect() favours the even ones, bind(0) the odd ones, so a port next to a free one is
     * often in use), and the seeder's fallback port could be taken between the probe and its bind.
     */
    private static int freeRange(int count) {
        Random random = new Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = 20_000 + random.nextInt(12_000);
            if (allFree(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports on loopback");
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, LOOPBACK)) {
                probe.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
