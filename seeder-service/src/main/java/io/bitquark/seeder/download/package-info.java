/**
 * The download role of a peer connection, and the parts of the download engine.
 *
 * <p>A {@link io.bitquark.seeder.download.DownloadRole} per connection follows what the peer offers: its pieces
 * ({@link io.bitquark.seeder.download.PeerPieces}, validated against the torrent), whether it chokes us, the
 * pieces it allows fast, and its {@code reqq}, the bound of its {@link io.bitquark.seeder.download.RequestDepth}.
 * The torrent-wide parts stand on their own: {@link io.bitquark.seeder.download.PiecePicker} (availability,
 * rarest first, endgame) and {@link io.bitquark.seeder.download.SmartBan}. Nothing is requested yet. The next
 * step joins them:
 *
 * <ul>
 * <li>the request pipeline: per peer, {@code RequestDepth} requests in flight, picked by the torrent's picker,
 *     which the roles feed with their peers' bitfields, haves and departures ({@code PeerPieces} is what a
 *     leaving peer had); each {@code piece} matched to its request (BEP 6: an unrequested one closes the
 *     connection), {@code reject} and {@code choke} returning blocks to the picker, blocks hashed as they arrive
 *     and written once the piece verifies. A torrent's picker is used on one thread, while the server spreads
 *     connections over its event loops: the pipeline must serialise a torrent's picks (a lock per torrent, or
 *     one loop per downloading torrent);</li>
 * <li>the dialer: connects to the peers trackers return through
 *     {@link io.bitquark.seeder.peer.PeerWireServer#connect}, which runs the handshake as the initiator, checks
 *     the info-hash and refuses a connection to ourselves.</li>
 * </ul>
 *
 * <p>Web seeds ({@link io.bitquark.seeder.download.WebSeeds}: BEP 19 {@code url-list}, BEP 17 {@code httpseeds})
 * are the other kind of {@code DownloadSource}: a {@code WebSeed} claims whole pieces from the picker, fetches
 * them over HTTP ({@code WebSeedClient}) and hands them to the same verification.
 */
package io.bitquark.seeder.download;
