package io.bitquark.seeder.download;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the peers that send bad blocks (libtorrent's smart ban).
 *
 * <p>A failed piece only says that one of its blocks was bad, not whose. So when a piece fails, the digest
 * of each block and who sent it are remembered; when the same piece later passes, each remembered block
 * is compared with the good one, and every peer whose block differs is proven to have sent bad data in
 * that piece. A failed piece that had only one contributor proves it at once. A peer proven bad in
 * {@value #PROOFS_TO_BAN} distinct pieces is banned: one bad piece can be a bit flip or a peer whose disk
 * changed, two cannot. A peer that never sent a bad block is never banned, however many pieces it shared
 * with one that did.
 *
 * <p>Peers are named by the caller (their IP address, so that a reconnect does not wipe the slate). Not
 * thread-safe: used on the torrent's event loop.
 *
 * @param <P> a peer's name, compared with {@code equals}
 */
public final class SmartBan<P> {

    /** Distinct pieces with a proven bad block that ban a peer. */
    public static final int PROOFS_TO_BAN = 2;

    /** One block of a piece: its bytes and who sent them. */
    public record Block<P>(int index, P sender, ByteBuffer bytes) {}

    private record Remembered<P>(int index, P sender, byte[] digest) {}

    private final Map<Integer, List<Remembered<P>>> failed = new HashMap<>();
    private final Map<P, Set<Integer>> proofs = new HashMap<>();
    private final Set<P> banned = new HashSet<>();

    /**
     * A piece failed its hash. Remembers its blocks until it passes; with a single contributor, that one
     * is proven bad here.
     *
     * @return the peers banned by this
     */
    public List<P> pieceFailed(int piece, List<Block<P>> blocks) {
        Set<P> senders = new HashSet<>();
        List<Remembered<P>> remembered = new ArrayList<>(blocks.size());
        for (Block<P> block : blocks) {
            senders.add(block.sender());
            remembered.add(new Remembered<>(block.index(), block.sender(), digest(block.bytes())));
        }
        List<P> newlyBanned = new ArrayList<>();
        if (senders.size() == 1) {
            prove(senders.iterator().next(), piece, newlyBanned);
        }
        // a piece that fails again keeps the older record too: each is compared once the piece passes
        failed.merge(piece, remembered, (older, newer) -> {
            List<Remembered<P>> both = new ArrayList<>(older);
            both.addAll(newer);
            return both;
        });
        return newlyBanned;
    }

    /**
     * A piece passed its hash; {@code blocks} are its good bytes (the senders do not matter). Every peer
     * that once sent a different block at the same place is proven bad.
     *
     * @return the peers banned by this
     */
    public List<P> piecePassed(int piece, List<Block<P>> blocks) {
        List<Remembered<P>> remembered = failed.remove(piece);
        List<P> newlyBanned = new ArrayList<>();
        if (remembered == null) {
            return newlyBanned;
        }
        Map<Integer, byte[]> good = new HashMap<>();
        for (Block<P> block : blocks) {
            good.put(block.index(), digest(block.bytes()));
        }
        for (Remembered<P> r : remembered) {
            byte[] expected = good.get(r.index());
            if (expected != null && !Arrays.equals(expected, r.digest())) {
                prove(r.sender(), piece, newlyBanned);
            }
        }
        return newlyBanned;
    }

    /** Whether the peer is banned. */
    public boolean banned(P peer) {
        return banned.contains(peer);
    }

    /** How many failed pieces wait for a good copy to be compared with. */
    public int remembered() {
        return failed.size();
    }

    private void prove(P peer, int piece, List<P> newlyBanned) {
        Set<Integer> pieces = proofs.computeIfAbsent(peer, p -> new HashSet<>());
        if (pieces.add(piece) && pieces.size() >= PROOFS_TO_BAN && banned.add(peer)) {
            newlyBanned.add(peer);
        }
    }

    private static byte[] digest(ByteBuffer bytes) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(bytes.duplicate());
            return sha1.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
