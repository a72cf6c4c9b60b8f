package io.bitquark.seeder.api;

/**
 * One connected peer of a torrent.
 *
 * @param address    the peer's IP address
 * @param port       its TCP port
 * @param client     the client named by its peer id (Azureus or Shad0w style), or null when unknown
 * @param uploaded   piece bytes sent to it
 * @param uploadRate bytes per second sent to it lately
 * @param choked     whether we choke it
 * @param interested whether it is interested in us
 */
public record PeerView(String address, int port, String client, long uploaded, long uploadRate, boolean choked,
        boolean interested) {
}
