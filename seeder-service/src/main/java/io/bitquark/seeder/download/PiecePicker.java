package io.bitquark.seeder.download;

import io.bitquark.protocol.peer.PeerMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * Which blocks of one torrent to ask a peer for next (libtorrent's piece picker, in our terms).
 *
 * <p>The rules, in the order they apply to one {@link #pick}:
 *
 * <ol>
 *   <li><b>Partial pieces first</b> while there are more than 1.5 times as many of them as peers, and while
 *       fewer than {@link #INITIAL_RANDOM} pieces are verified: open blocks of pieces already started, so
 *       that started pieces complete before new ones begin.
 *   <li><b>The first {@value #INITIAL_RANDOM} pieces at random</b> (libtorrent's
 *       {@code initial_picker_threshold}): a new downloader has nothing to trade, and a random piece is
 *       the likeliest to be one its peers lack.
 *   <li><b>Then rarest first</b>, ties broken at random: pieces fewest connected peers have.
 *   <li><b>Endgame:</b> only when this peer has no open block left to give, blocks already requested from
 *       exactly one other peer are requested again. When a block arrives, {@link #received} names the
 *       other peers it was requested from, to be cancelled at once.
 * </ol>
 *
 * <p>Availability (how many connected peers have each piece) is kept as libtorrent keeps it: {@code order}
 * holds every piece sorted by availability, cut into buckets of equal availability by {@code bucketStart},
 * so a {@code have} or a peer leaving moves one piece across one boundary, O(1). Peers that have every
 * piece (a bitfield with all bits, or BEP 6 {@code have all}) are counted apart and shift every piece
 * alike, so they cost nothing per piece. A pick scans the buckets from the rarest and starts each at a
 * random place in it: that is the random tie-break, whatever order the pieces entered their bucket in.
 *
 * <p>Blocks are {@value #BLOCK_LENGTH} bytes, the last one of the torrent shorter; a piece's blocks are
 * handed out in order, so that they tend to arrive in order and can be hashed as they come. A piece whose
 * blocks have all arrived is {@link #full} until it is {@link #verified} or {@link #failed} (then all its
 * blocks are open again). Not thread-safe: a torrent's picker is used on one event loop.
 *
 * @param <P> a peer, as the caller names it (compared by identity)
 */
public final class PiecePicker<P> {

    /** The block size every client asks for (BEP 3 suggests it; most refuse larger requests). */
    public static final int BLOCK_LENGTH = 16 * 1024;
    /** Pieces picked at random before rarest first takes over. */
    public static final int INITIAL_RANDOM = 4;

    private static final byte OPEN = 0;
    private static final byte REQUESTED = 1;
    private static final byte RECEIVED = 2;

    private final long totalLength;
    private final int pieceLength;
    private final int pieceCount;
    private final RandomGenerator random;
    private final BitSet have = new BitSet();
    /** {@code have.cardinality()}, kept as pieces come and go: asked on every pick. */
    private int haveCount;

    private final int[] availability;
    private final int[] order;
    private final int[] position;
    /** {@code bucketStart[a]}: the first index of {@code order} whose piece has availability {@code >= a}. */
    private int[] bucketStart;

    private final Partial[] partials;
    /** The partial pieces, in the order they were started. */
    private final List<Integer> started = new ArrayList<>();

    private int peers;
    private int seeds;

    /** One started piece: the state of each block and who it was asked of. */
    private static final class Partial {
        final byte[] state;
        final Object[] requester;
        /** Further requesters of a block (endgame only): block index to peers. */
        Map<Integer, List<Object>> more;

        int open;
        int received;

        Partial(int blocks) {
            state = new byte[blocks];
            requester = new Object[blocks];
            open = blocks;
        }
    }

    /**
     * @param totalLength the torrent's length in bytes
     * @param pieceLength its piece length, a multiple of {@link #BLOCK_LENGTH} or smaller than one block
     * @param have the pieces already verified
     */
    public PiecePicker(long totalLength, int pieceLength, BitSet have, RandomGenerator random) {
        if (totalLength <= 0 || pieceLength <= 0) {
            throw new IllegalArgumentException("empty torrent or piece");
        }
        long pieces = (totalLength + pieceLength - 1) / pieceLength;
        if (pieces > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many pieces: " + pieces);
        }
        this.totalLength = totalLength;
        this.pieceLength = pieceLength;
        this.pieceCount = (int) pieces;
        this.random = random;
        this.have.or(have);
        this.have.clear(pieceCount, Math.max(pieceCount, have.length()));
        this.haveCount = this.have.cardinality();
        this.availability = new int[pieceCount];
        this.order = new int[pieceCount];
        this.position = new int[pieceCount];
        for (int p = 0; p < pieceCount; p++) {
            order[p] = p;
            position[p] = p;
        }
        this.bucketStart = new int[] {0, pieceCount};
        this.partials = new Partial[pieceCount];
    }

    // ---- what peers have

    /** A peer connected; its pieces follow through {@link #gotBitfield}, {@link #gotHave}, {@link #gotHaveAll}. */
    public void peerJoined() {
        peers++;
    }

    /** A peer has every piece: BEP 6 {@code have all}, or a bitfield with every bit set. */
    public void gotHaveAll() {
        seeds++;
    }

    /** A peer announced a piece ({@code have}, or one bit of its bitfield). */
    public void gotHave(int piece) {
        int a = availability[piece]++;
        if (a + 2 >= bucketStart.length) {
            int[] grown = Arrays.copyOf(bucketStart, bucketStart.length * 2);
            Arrays.fill(grown, bucketStart.length, grown.length, pieceCount);
            bucketStart = grown;
        }
        // the piece moves to the end of bucket a, which then shrinks by one: it is now the first of a + 1
        int last = bucketStart[a + 1] - 1;
        swap(position[piece], last);
        bucketStart[a + 1] = last;
    }

    /** Every piece of a bitfield. */
    public void gotBitfield(BitSet pieces) {
        for (int p = pieces.nextSetBit(0); p >= 0 && p < pieceCount; p = pieces.nextSetBit(p + 1)) {
            gotHave(p);
        }
    }

    /**
     * A peer left: its pieces count no more.
     *
     * @param seed whether it had every piece through {@link #gotHaveAll} (then {@code pieces} is empty)
     * @param pieces the pieces it announced one by one
     */
    public void peerLeft(boolean seed, BitSet pieces) {
        if (seed) {
            seeds--;
        }
        peers--;
        for (int p = pieces.nextSetBit(0); p >= 0 && p < pieceCount; p = pieces.nextSetBit(p + 1)) {
            int a = availability[p]--;
            // the piece moves to the start of bucket a, which then starts one later: it is now the last of a - 1
            int first = bucketStart[a];
            swap(position[p], first);
            bucketStart[a] = first + 1;
        }
    }

    /** How many connected peers have the piece. */
    public int availability(int piece) {
        return availability[piece] + seeds;
    }

    // ---- picking

    /**
     * Picks up to {@code max} blocks to request from {@code peer}, marks them requested by it and adds them
     * to {@code out}.
     *
     * @param has which pieces the peer has
     * @return how many were added
     */
    public int pick(P peer, IntPredicate has, int max, List<PeerMessage.Request> out) {
        int picked = 0;
        boolean randomStart = haveCount < INITIAL_RANDOM;
        if (randomStart || started.size() * 2 > peers * 3) {
            for (int i = 0; i < started.size() && picked < max; i++) {
                int piece = started.get(i);
                if (has.test(piece)) {
                    picked += openBlocks(peer, piece, max - picked, out);
                }
            }
        }
        if (picked < max) {
            picked += randomStart
                    ? randomPieces(peer, has, max - picked, out)
                    : rarestPieces(peer, has, max - picked, out);
        }
        if (picked == 0) {
            picked = endgame(peer, has, max, out);
        }
        return picked;
    }

    private int randomPieces(P peer, IntPredicate has, int max, List<PeerMessage.Request> out) {
        int picked = 0;
        int from = random.nextInt(pieceCount);
        for (int k = 0; k < pieceCount && picked < max; k++) {
            int piece = (from + k) % pieceCount;
            if (!have.get(piece) && has.test(piece)) {
                picked += openBlocks(peer, piece, max - picked, out);
            }
        }
        return picked;
    }

    private int rarestPieces(P peer, IntPredicate has, int max, List<PeerMessage.Request> out) {
        int picked = 0;
        for (int a = 0; a + 1 < bucketStart.length && picked < max; a++) {
            int start = bucketStart[a];
            int end = bucketStart[a + 1];
            int size = end - start;
            if (size <= 0) {
                continue;
            }
            int from = random.nextInt(size);
            for (int k = 0; k < size && picked < max; k++) {
                int piece = order[start + (from + k) % size];
                if (!have.get(piece) && has.test(piece)) {
                    picked += openBlocks(peer, piece, max - picked, out);
                }
            }
            if (end == pieceCount) {
                break;
            }
        }
        return picked;
    }

    /** Requests open blocks of one piece, in order, starting the piece if it is new. */
    private int openBlocks(P peer, int piece, int max, List<PeerMessage.Request> out) {
        Partial partial = partials[piece];
        if (partial == null) {
            partial = new Partial(blocksIn(piece));
            partials[piece] = partial;
            started.add(piece);
        }
        int picked = 0;
        for (int b = 0; b < partial.state.length && picked < max && partial.open > 0; b++) {
            if (partial.state[b] == OPEN) {
                partial.state[b] = REQUESTED;
                partial.requester[b] = peer;
                partial.open--;
                out.add(request(piece, b));
                picked++;
            }
        }
        return picked;
    }

    /** Blocks requested from exactly one other peer, of pieces this peer has. */
    private int endgame(P peer, IntPredicate has, int max, List<PeerMessage.Request> out) {
        int picked = 0;
        for (int i = 0; i < started.size() && picked < max; i++) {
            int piece = started.get(i);
            Partial partial = partials[piece];
            if (!has.test(piece)) {
                continue;
            }
            for (int b = 0; b < partial.state.length && picked < max; b++) {
                if (partial.state[b] == REQUESTED
                        && partial.requester[b] != peer
                        && (partial.more == null || !partial.more.containsKey(b))) {
                    if (partial.more == null) {
                        partial.more = new HashMap<>();
                    }
                    List<Object> others = new ArrayList<>(1);
                    others.add(peer);
                    partial.more.put(b, others);
                    out.add(request(piece, b));
                    picked++;
                }
            }
        }
        return picked;
    }

    /**
     * Claims a whole piece for {@code source}, one that fetches pieces and not blocks (a web seed): a piece nobody
     * has started, the lowest first, else a started piece none of whose blocks is asked for or has arrived (its
     * requests were given up). Every block of it is marked requested by {@code source} and added to {@code out}.
     * Rarity does not matter to such a source, and pieces others are fetching are left to them (libtorrent's
     * {@code web_peer_connection} does the same).
     *
     * @param has which pieces the source may be asked for
     * @return the piece, or -1 when there is none
     */
    public int claimPiece(P source, IntPredicate has, List<PeerMessage.Request> out) {
        for (int p = have.nextClearBit(0); p < pieceCount; p = have.nextClearBit(p + 1)) {
            if (partials[p] == null && has.test(p)) {
                openBlocks(source, p, Integer.MAX_VALUE, out);
                return p;
            }
        }
        for (int piece : started) {
            Partial partial = partials[piece];
            if (partial.open == partial.state.length && has.test(piece)) {
                openBlocks(source, piece, Integer.MAX_VALUE, out);
                return piece;
            }
        }
        return -1;
    }

    // ---- what happened to a request

    /** What a block that arrived was to us. */
    public enum Arrival {
        /** The first copy of a block we asked for. */
        NEW,
        /** A block we already had: its bytes are redundant. */
        REDUNDANT,
        /** A block nobody asked this peer for, of a piece not started or already verified. */
        UNEXPECTED
    }

    /**
     * A block arrived from {@code from}. The other peers it was requested from are added to
     * {@code cancelAt}; they should be sent {@code cancel}.
     */
    @SuppressWarnings("unchecked")
    public Arrival received(P from, int piece, int begin, List<P> cancelAt) {
        Partial partial = piece >= 0 && piece < pieceCount ? partials[piece] : null;
        int b = begin / BLOCK_LENGTH;
        if (partial == null || begin % BLOCK_LENGTH != 0 || b >= partial.state.length) {
            return Arrival.UNEXPECTED;
        }
        if (partial.state[b] == RECEIVED) {
            return Arrival.REDUNDANT;
        }
        if (partial.state[b] == OPEN) {
            partial.open--; // asked of a peer that had given it up (a reject or a choke came first)
        } else {
            if (partial.requester[b] != from && partial.requester[b] != null) {
                cancelAt.add((P) partial.requester[b]);
            }
            List<Object> others = partial.more == null ? null : partial.more.remove(b);
            if (others != null) {
                for (Object other : others) {
                    if (other != from) {
                        cancelAt.add((P) other);
                    }
                }
            }
        }
        partial.state[b] = RECEIVED;
        partial.requester[b] = null;
        partial.received++;
        return Arrival.NEW;
    }

    /**
     * A request to {@code peer} will not be answered: rejected, lost to a choke, timed out, or the peer
     * left. The block is open again unless another peer was also asked for it.
     */
    public void abandoned(P peer, int piece, int begin) {
        Partial partial = piece >= 0 && piece < pieceCount ? partials[piece] : null;
        int b = begin / BLOCK_LENGTH;
        if (partial == null || b >= partial.state.length || partial.state[b] != REQUESTED) {
            return;
        }
        List<Object> others = partial.more == null ? null : partial.more.get(b);
        if (partial.requester[b] == peer) {
            if (others != null && !others.isEmpty()) {
                partial.requester[b] = others.remove(0);
                if (others.isEmpty()) {
                    partial.more.remove(b);
                }
            } else {
                partial.requester[b] = null;
                partial.state[b] = OPEN;
                partial.open++;
            }
        } else if (others != null && others.remove(peer) && others.isEmpty()) {
            partial.more.remove(b);
        }
    }

    /** Whether every block of a started piece has arrived (it waits for its hash). */
    public boolean full(int piece) {
        Partial partial = partials[piece];
        return partial != null && partial.received == partial.state.length;
    }

    /** The piece passed its hash: it is ours. */
    public void verified(int piece) {
        forget(piece);
        if (!have.get(piece)) {
            have.set(piece);
            haveCount++;
        }
    }

    /** The piece failed its hash: all its blocks are open again. */
    public void failed(int piece) {
        forget(piece);
    }

    /** A piece we had is gone (its file changed on disk): it is wanted again. */
    public void lost(int piece) {
        if (have.get(piece)) {
            have.clear(piece);
            haveCount--;
        }
    }

    private void forget(int piece) {
        if (partials[piece] != null) {
            partials[piece] = null;
            started.remove(Integer.valueOf(piece));
        }
    }

    // ---- the torrent's shape

    public boolean has(int piece) {
        return have.get(piece);
    }

    public int verifiedCount() {
        return haveCount;
    }

    /** Whether every piece is verified. */
    public boolean finished() {
        return haveCount == pieceCount;
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** How many pieces are started and not yet verified. */
    public int partialCount() {
        return started.size();
    }

    /** The number of blocks of a piece. */
    public int blocksIn(int piece) {
        return (pieceLength(piece) + BLOCK_LENGTH - 1) / BLOCK_LENGTH;
    }

    /** The length of a piece: {@code piece length}, the last one shorter. */
    public int pieceLength(int piece) {
        return piece == pieceCount - 1 ? (int) (totalLength - (long) piece * pieceLength) : pieceLength;
    }

    private PeerMessage.Request request(int piece, int block) {
        int begin = block * BLOCK_LENGTH;
        return new PeerMessage.Request(piece, begin, Math.min(BLOCK_LENGTH, pieceLength(piece) - begin));
    }

    private void swap(int i, int j) {
        int pi = order[i];
        int pj = order[j];
        order[i] = pj;
        order[j] = pi;
        position[pj] = i;
        position[pi] = j;
    }
}
