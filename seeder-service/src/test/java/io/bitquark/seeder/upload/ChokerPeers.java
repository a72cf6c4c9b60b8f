package io.bitquark.seeder.upload;

import java.util.ArrayList;
import java.util.List;

/**
 * The peers a choker specification drives: each records the chokes and unchokes it is sent, and the rig keeps the
 * most peers ever unchoked at once.
 */
final class ChokerPeers {

    final List<String> log = new ArrayList<>();
    final List<Peer> peers = new ArrayList<>();
    int most;

    /** A peer that starts choked and not interested. */
    final class Peer implements Chokeable {
        final String name;
        boolean interested;
        boolean choked = true;
        long rate;

        private Peer(String name) {
            this.name = name;
        }

        @Override
        public boolean interested() {
            return interested;
        }

        @Override
        public boolean choked() {
            return choked;
        }

        @Override
        public long downloadRate() {
            return rate;
        }

        @Override
        public void choke() {
            if (!choked) {
                choked = true;
                log.add("choke " + name);
            }
        }

        @Override
        public void unchoke() {
            if (choked) {
                choked = false;
                log.add("unchoke " + name);
                most = Math.max(
                        most, (int) peers.stream().filter(p -> !p.choked).count());
            }
        }
    }

    /** A new peer, counted among the rig's peers. */
    Peer add(String name) {
        Peer peer = new Peer(name);
        peers.add(peer);
        return peer;
    }

    Peer get(String name) {
        return peers.stream().filter(p -> p.name.equals(name)).findFirst().orElseThrow();
    }

    /** The names of the unchoked peers, in the order they were added. */
    List<String> unchoked() {
        return peers.stream().filter(p -> !p.choked).map(p -> p.name).toList();
    }

    void clear() {
        peers.clear();
        log.clear();
        most = 0;
    }
}
