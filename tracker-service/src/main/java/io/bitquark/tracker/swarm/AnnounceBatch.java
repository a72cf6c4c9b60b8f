package io.bitquark.tracker.swarm;

import java.util.Arrays;

/**
 * Announces that a front end hands to the {@link SwarmStore} together, and the store's answers, kept in
 * flat primitive arrays that the front end reuses from one read batch to the next: no object per
 * announce and none per returned peer.
 *
 * <p>Per announce {@code i} the front end fills in:
 * <pre>
 * infoHashes()  [20 i, 20 i + 20)   the swarm: v1 info-hash or truncated v2 info-hash
 * who()         [36 i, 36 i + 20)   the 20-byte peer id, followed by
 *               [36 i + 20, + 4|16) the address the announce came from (UDP sender, TCP peer after a
 *                                   trusted proxy), which with the peer id makes the peer's identity
 * endpoint      4 or 16 address bytes and the port: where other peers reach it (BEP 23, BEP 7)
 * seeder, event, numwant, families  what it asks for; families selects IPv4 and/or IPv6 peers
 * </pre>
 * and the store answers with {@code complete}, {@code incomplete}, {@code downloaded} and the selected
 * peers, written into {@link #peers()}: first the IPv4 entries, then the IPv6 ones, each entry the compact
 * endpoint (6 or 18 bytes) followed, when {@link #withPeerIds(int)} asked for it, by the 20-byte peer id.
 */
public final class AnnounceBatch {

    public static final int INFO_HASH_LENGTH = 20;
    public static final int PEER_ID_LENGTH = 20;
    /** Bytes per announce in {@link #who()}: a peer id and room for an IPv6 source address. */
    public static final int WHO_LENGTH = PEER_ID_LENGTH + 16;

    /** Families a front end asks peers of. */
    public static final int IPV4 = 1;

    public static final int IPV6 = 2;

    /** What became of an announce. */
    public enum Outcome {
        /** Not yet applied. */
        PENDING,
        /** Applied; the counts and peers are the answer. */
        ANSWERED,
        /** Refused before the store: the swarm is not on the allowlist. */
        NOT_ALLOWED,
        /** The store did not answer in time. */
        UNAVAILABLE
    }

    private static final PeerEvent[] EVENTS = PeerEvent.values();
    private static final Outcome[] OUTCOMES = Outcome.values();

    private int size;
    private byte[] infoHashes;
    private byte[] who;
    private byte[] sourceLengths;
    private byte[] endpoints;
    private byte[] endpointLengths;
    private byte[] flags;
    private byte[] events;
    private int[] numwant;
    private byte[] outcomes;
    private long[] counts;
    private int[] peerStarts;
    private int[] peerCounts;
    private Object[] attachments;
    private int[] tags;
    private byte[] peers;
    private int peersLength;

    private static final int SEEDER = 1;
    private static final int WITH_PEER_IDS = 2;
    private static final int FAMILY_SHIFT = 2;

    public AnnounceBatch(int capacity) {
        allocate(Math.max(1, capacity));
        peers = new byte[4096];
    }

    private void allocate(int capacity) {
        infoHashes = new byte[capacity * INFO_HASH_LENGTH];
        who = new byte[capacity * WHO_LENGTH];
        sourceLengths = new byte[capacity];
        endpoints = new byte[capacity * 18];
        endpointLengths = new byte[capacity];
        flags = new byte[capacity];
        events = new byte[capacity];
        numwant = new int[capacity];
        outcomes = new byte[capacity];
        counts = new long[capacity * 3];
        peerStarts = new int[capacity];
        peerCounts = new int[capacity * 2];
        attachments = new Object[capacity];
        tags = new int[capacity];
    }

    private void grow() {
        int capacity = flags.length * 2;
        infoHashes = Arrays.copyOf(infoHashes, capacity * INFO_HASH_LENGTH);
        who = Arrays.copyOf(who, capacity * WHO_LENGTH);
        sourceLengths = Arrays.copyOf(sourceLengths, capacity);
        endpoints = Arrays.copyOf(endpoints, capacity * 18);
        endpointLengths = Arrays.copyOf(endpointLengths, capacity);
        flags = Arrays.copyOf(flags, capacity);
        events = Arrays.copyOf(events, capacity);
        numwant = Arrays.copyOf(numwant, capacity);
        outcomes = Arrays.copyOf(outcomes, capacity);
        counts = Arrays.copyOf(counts, capacity * 3);
        peerStarts = Arrays.copyOf(peerStarts, capacity);
        peerCounts = Arrays.copyOf(peerCounts, capacity * 2);
        attachments = Arrays.copyOf(attachments, capacity);
        tags = Arrays.copyOf(tags, capacity);
    }

    /** Forgets every announce, keeping the arrays for the next batch. */
    public void clear() {
        Arrays.fill(attachments, 0, size, null);
        size = 0;
        peersLength = 0;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Starts a new announce and returns its index; the caller then writes its info-hash and peer id in place
     * and sets the rest with {@link #source}, {@link #endpoint} and {@link #ask}.
     */
    public int add() {
        if (size == flags.length) {
            grow();
        }
        int i = size++;
        outcomes[i] = (byte) Outcome.PENDING.ordinal();
        counts[3 * i] = 0;
        counts[3 * i + 1] = 0;
        counts[3 * i + 2] = 0;
        peerCounts[2 * i] = 0;
        peerCounts[2 * i + 1] = 0;
        peerStarts[i] = 0;
        attachments[i] = null;
        return i;
    }

    /** Every announce's info-hash, 20 bytes at {@link #infoHashOffset(int)}. */
    public byte[] infoHashes() {
        return infoHashes;
    }

    public static int infoHashOffset(int i) {
        return i * INFO_HASH_LENGTH;
    }

    /** Every announce's peer id and source address, at {@link #whoOffset(int)}. */
    public byte[] who() {
        return who;
    }

    public static int whoOffset(int i) {
        return i * WHO_LENGTH;
    }

    /** How many bytes of {@link #who()} name the peer: the peer id and the source address. */
    public int whoLength(int i) {
        return PEER_ID_LENGTH + sourceLengths[i];
    }

    /** Sets the address the announce came from (4 or 16 raw bytes). */
    public void source(int i, byte[] address, int offset, int length) {
        checkAddressLength(length);
        System.arraycopy(address, offset, who, whoOffset(i) + PEER_ID_LENGTH, length);
        sourceLengths[i] = (byte) length;
    }

    /** Sets where other peers reach this one: an address (4 or 16 raw bytes) and a port. */
    public void endpoint(int i, byte[] address, int offset, int length, int port) {
        checkAddressLength(length);
        int at = i * 18;
        System.arraycopy(address, offset, endpoints, at, length);
        endpoints[at + length] = (byte) (port >>> 8);
        endpoints[at + length + 1] = (byte) port;
        endpointLengths[i] = (byte) (length + 2);
    }

    private static void checkAddressLength(int length) {
        if (length != 4 && length != 16) {
            throw new IllegalArgumentException("an address is 4 or 16 bytes");
        }
    }

    /**
     * Sets what the announce says and asks for.
     *
     * @param families    {@link #IPV4}, {@link #IPV6} or both: the families of the peers to return
     * @param withPeerIds whether each returned peer carries its peer id (the dictionary form)
     */
    public void ask(int i, boolean seeder, PeerEvent event, int wanted, int families, boolean withPeerIds) {
        if (wanted < 0) {
            throw new IllegalArgumentException("numwant must not be negative");
        }
        flags[i] = (byte) ((seeder ? SEEDER : 0) | (withPeerIds ? WITH_PEER_IDS : 0) | (families << FAMILY_SHIFT));
        events[i] = (byte) event.ordinal();
        numwant[i] = wanted;
    }

    /** Front-end state that travels with the announce (a sender, a request); the store never reads it. */
    public void attach(int i, Object attachment) {
        attachments[i] = attachment;
    }

    public Object attachment(int i) {
        return attachments[i];
    }

    /** A number that travels with the announce (a UDP transaction id); the store never reads it. */
    public void tag(int i, int tag) {
        tags[i] = tag;
    }

    public int tag(int i) {
        return tags[i];
    }

    public byte[] endpoints() {
        return endpoints;
    }

    public static int endpointOffset(int i) {
        return i * 18;
    }

    /** 6 (IPv4) or 18 (IPv6). */
    public int endpointLength(int i) {
        return endpointLengths[i];
    }

    public boolean isSeeder(int i) {
        return (flags[i] & SEEDER) != 0;
    }

    public boolean withPeerIds(int i) {
        return (flags[i] & WITH_PEER_IDS) != 0;
    }

    public int families(int i) {
        return flags[i] >>> FAMILY_SHIFT;
    }

    public PeerEvent event(int i) {
        return EVENTS[events[i]];
    }

    public int numwant(int i) {
        return numwant[i];
    }

    public Outcome outcome(int i) {
        return OUTCOMES[outcomes[i]];
    }

    public boolean isPending(int i) {
        return outcomes[i] == Outcome.PENDING.ordinal();
    }

    /** Marks an announce as refused or failed; a store skips it. */
    public void refuse(int i, Outcome outcome) {
        outcomes[i] = (byte) outcome.ordinal();
    }

    /** Marks every announce still pending as failed. */
    public void failPending(Outcome outcome) {
        for (int i = 0; i < size; i++) {
            if (isPending(i)) {
                outcomes[i] = (byte) outcome.ordinal();
            }
        }
    }

    // ---- the store's answer ----

    /** Records the swarm's counts right after announce {@code i}; its peers follow with {@link #addPeer}. */
    public void answer(int i, long complete, long incomplete, long downloaded) {
        outcomes[i] = (byte) Outcome.ANSWERED.ordinal();
        counts[3 * i] = complete;
        counts[3 * i + 1] = incomplete;
        counts[3 * i + 2] = downloaded;
        peerStarts[i] = peersLength;
        peerCounts[2 * i] = 0;
        peerCounts[2 * i + 1] = 0;
    }

    /**
     * Appends one peer to announce {@code i}'s answer: its compact endpoint and, when asked for, its peer id.
     * All IPv4 peers of an answer come before its IPv6 peers.
     */
    public void addPeer(
            int i, byte[] endpoint, int endpointOffset, int endpointLength, byte[] peerId, int peerIdOffset) {
        boolean v6 = endpointLength == 18;
        boolean ids = withPeerIds(i);
        int length = endpointLength + (ids ? PEER_ID_LENGTH : 0);
        if (peersLength + length > peers.length) {
            peers = Arrays.copyOf(peers, Math.max(peers.length * 2, peersLength + length));
        }
        System.arraycopy(endpoint, endpointOffset, peers, peersLength, endpointLength);
        if (ids) {
            System.arraycopy(peerId, peerIdOffset, peers, peersLength + endpointLength, PEER_ID_LENGTH);
        }
        peersLength += length;
        peerCounts[2 * i + (v6 ? 1 : 0)]++;
    }

    public long complete(int i) {
        return counts[3 * i];
    }

    public long incomplete(int i) {
        return counts[3 * i + 1];
    }

    public long downloaded(int i) {
        return counts[3 * i + 2];
    }

    /** The peer entries of every answer; see the class comment for their layout. */
    public byte[] peers() {
        return peers;
    }

    /** Where announce {@code i}'s IPv4 entries start in {@link #peers()}; its IPv6 entries follow them. */
    public int peersOffset(int i) {
        return peerStarts[i];
    }

    public int ipv4Peers(int i) {
        return peerCounts[2 * i];
    }

    public int ipv6Peers(int i) {
        return peerCounts[2 * i + 1];
    }

    /** The length of one returned entry of a family in announce {@code i}'s answer. */
    public int entryLength(int i, boolean v6) {
        return (v6 ? 18 : 6) + (withPeerIds(i) ? PEER_ID_LENGTH : 0);
    }
}
