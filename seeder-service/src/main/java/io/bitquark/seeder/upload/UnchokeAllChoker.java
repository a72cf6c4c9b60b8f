package io.bitquark.seeder.upload;

/**
 * Unchokes every interested peer at once and chokes it again when it loses interest, as libtorrent's
 * {@code high_performance_seed} does: a seed has nothing to gain from withholding data, so the only limits are
 * the connection limits and the upload rate limits.
 */
final class UnchokeAllChoker implements Choker {

    @Override
    public void peerAdded(Chokeable peer) {
        interestChanged(peer);
    }

    @Override
    public boolean decidesEachPeer() {
        return true;
    }

    @Override
    public void peerRemoved(Chokeable peer) {}

    @Override
    public void interestChanged(Chokeable peer) {
        if (peer.interested()) {
            peer.unchoke();
        } else {
            peer.choke();
        }
    }

    @Override
    public void tick(long now) {}
}
