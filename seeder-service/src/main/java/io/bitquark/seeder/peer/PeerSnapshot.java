package io.bitquark.seeder.peer;

/**
 * One connected peer as the REST API and the dashboard show it, taken at one moment.
 *
 * @param address    the peer's IP address
 * @param port       the peer's TCP port (its outgoing port, not necessarily the one it listens on)
 * @param client     the client named by its peer id ({@code "qBittorrent 4.6.2"}), or {@code "unknown"}
 * @param peerId     the peer id as text when printable, otherwise hex
 * @param uploaded   block bytes sent to this peer
 * @param uploadRate bytes per second sent to this peer over the last second or so
 * @param choked     whether we are choking it
 * @param interested whether it is interested in our pieces
 * @param listenPort the port it listens on: the one we connected to, or the one its BEP 10 handshake names ({@code p})
 *     when it connected to us; else 0
 * @param downloaded block bytes received from this peer for our requests
 * @param downloadRate bytes per second received from this peer over the last second or so
 * @param snubbed    whether it left our requests unanswered for the snub timeout
 * @param encryption how the connection is encrypted: {@code none} (a plain BEP 3 handshake), {@code mse-plaintext}
 *     (an MSE/PE handshake, the messages in plaintext) or {@code rc4} (every byte after the MSE handshake RC4)
 */
public record PeerSnapshot(
        String address,
        int port,
        String client,
        String peerId,
        long uploaded,
        long uploadRate,
        boolean choked,
        boolean interested,
        int listenPort,
        long downloaded,
        long downloadRate,
        boolean snubbed,
        String encryption) {}
