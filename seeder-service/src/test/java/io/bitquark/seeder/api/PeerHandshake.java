package io.bitquark.seeder.api;

import io.bitquark.protocol.peer.Handshake;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.peer.ReservedBits;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.HexFormat;

/** A BEP 3 handshake over a raw TCP socket to the seeder's peer-wire port: does it serve this info-hash? */
final class PeerHandshake {

    private PeerHandshake() {}

    /**
     * Sends our handshake for {@code infoHashHex} (a v1 hash, or the first 20 bytes of a v2 one) and reads the answer.
     *
     * @return true when the seeder answered with a handshake for the same hash, false when it closed the connection
     */
    static boolean answered(int port, String infoHashHex) throws IOException {
        byte[] hash = Arrays.copyOf(HexFormat.of().parseHex(infoHashHex), 20);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(new Handshake(ReservedBits.none(), hash, PeerId.of("-qB4650-restspecs123".getBytes()))
                            .encode());
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(Handshake.LENGTH);
            if (answer.length < Handshake.LENGTH) {
                return false;
            }
            return Arrays.equals(Handshake.decode(answer).infoHash(), hash);
        } catch (SocketException reset) {
            return false;
        } catch (Exception e) {
            throw new IOException("unexpected answer to the handshake", e);
        }
    }
}
