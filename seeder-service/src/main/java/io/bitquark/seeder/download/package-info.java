/**
 * The download role of a peer connection: what each peer has and lets us request.
 *
 * <p>Today a {@link io.bitquark.seeder.download.DownloadRole} per connection follows the peer's pieces
 * ({@link io.bitquark.seeder.download.PeerPieces}, validated against the torrent), its choke state, the pieces it
 * allows fast and its {@code reqq}. Nothing is requested yet. The next step builds on it, here:
 *
 * <ul>
 * <li>the piece picker: rarest first over the availability of a torrent's peers, random among equals and for the
 *     first pieces, partial pieces preferred, strict endgame;</li>
 * <li>the request pipeline: per peer, as many requests in flight as its rate needs within its {@code reqq}; each
 *     {@code piece} matched to its request (BEP 6: an unrequested one closes the connection), {@code reject} and
 *     {@code choke} returning blocks to the picker, blocks hashed as they arrive and written once the piece
 *     verifies;</li>
 * <li>the dialer: connects to the peers trackers return through
 *     {@link io.bitquark.seeder.peer.PeerWireServer#connect}, which runs the handshake as the initiator, checks
 *     the info-hash and refuses a connection to ourselves.</li>
 * </ul>
 */
package io.bitquark.seeder.download;
