package io.bitquark.seeder.metadata;

import io.bitquark.protocol.magnet.MagnetLink;
import io.bitquark.protocol.metainfo.InfoHash;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.UtMetadataMessage;
import io.bitquark.seeder.peer.PieceUnavailableException;
import io.bitquark.seeder.peer.ServedTorrent;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A torrent known only by its magnet link, while its info dictionary is fetched from its peers over BEP 9
 * ({@code ut_metadata}). The peer wire serves it in place of the torrent: the handshake names its info-hash, and
 * each connection gets a {@link MetadataRole} only (nothing is uploaded, no piece is known).
 *
 * <p>The dictionary is fetched whole from one peer at a time, so a wrong one is blamed on exactly one peer:
 *
 * <ul>
 * <li>Peers that offer it ({@code metadata_size} in their extended handshake) queue up; the first is asked for
 *     every 16 KiB piece at once.</li>
 * <li>When every piece is in, the dictionary must hash to the magnet's info-hash: SHA-1 for {@code btih}, SHA-256
 *     for {@code btmh}, both for a hybrid. Then {@code found} gets it, once.</li>
 * <li>A peer whose dictionary does not match, that sends a piece of the wrong size or index, announces a size
 *     above the bound or sends nothing for {@link #SOURCE_TIMEOUT_NANOS} is dropped ({@code bad-metadata}), and
 *     the next peer in line starts again from piece 0. A peer that rejects (it has no metadata) or leaves is
 *     passed over without blame.</li>
 * </ul>
 *
 * <p>A v2-only torrent needs more than its info dictionary before a piece can be checked: the piece layers of its
 * files larger than one piece. Once the dictionary is found, {@link #fetchPieceLayers} keeps the search (and its
 * connections) going with a {@link PieceLayerSearch}, which fetches them with BEP 52 hash requests from every peer
 * of the search, and hands them on once all are proven.
 *
 * <p>Thread-safe: its connections may run on several event loops. {@code found} is called under its lock, on a
 * peer's loop: it must hand the dictionary to a worker.
 */
public final class MetadataSearch implements ServedTorrent {

    /** How long the peer being fetched from may send nothing before it is dropped. */
    static final long SOURCE_TIMEOUT_NANOS = 30_000_000_000L;

    private final MagnetLink magnet;
    private final String id;
    private final byte[] handshakeHash;
    private final int maxSize;
    private final Consumer<byte[]> found;
    private final ArrayDeque<MetadataRole> waiting = new ArrayDeque<>();
    /** Every connection of the search, for the piece layer search. */
    private final Set<MetadataRole> peers = new LinkedHashSet<>();

    private PieceLayerSearch layers;
    private Consumer<Map<ByteBuffer, byte[]>> layersFound;

    private MetadataRole source;
    private byte[][] pieces;
    private int size;
    private int received;
    private long lastData;
    private volatile boolean done;
    private volatile boolean fetchingLayers;
    private volatile boolean stopped;

    /**
     * @param maxSize the largest info dictionary accepted, in bytes ({@code bitquark.seeder.max-torrent-size})
     * @param found   receives the verified info dictionary, once
     */
    public MetadataSearch(MagnetLink magnet, int maxSize, Consumer<byte[]> found) {
        this.magnet = magnet;
        byte[] v1 = magnet.infoHashV1().orElse(null);
        byte[] v2 = magnet.infoHashV2().orElse(null);
        if (v1 == null && v2 == null) {
            throw new IllegalArgumentException("a magnet link without an info-hash");
        }
        this.id = HexFormat.of().formatHex(v1 != null ? v1 : v2);
        this.handshakeHash = v1 != null ? v1 : Arrays.copyOf(v2, 20);
        this.maxSize = maxSize;
        this.found = found;
    }

    public MagnetLink magnet() {
        return magnet;
    }

    /** Whether the verified dictionary has been handed on. */
    public boolean found() {
        return done;
    }

    /**
     * Goes on, once the info dictionary is found, to fetch the piece layers {@code metainfo} (the torrent of the found
     * dictionary) lacks, from the search's peers and those that come; {@code found} receives them, by pieces root,
     * once every one is proven. Called on a worker, as {@code found} is: it must hand them to a worker too.
     */
    public synchronized void fetchPieceLayers(Metainfo metainfo, Consumer<Map<ByteBuffer, byte[]>> found) {
        if (stopped) {
            return;
        }
        layers = new PieceLayerSearch(metainfo);
        layersFound = found;
        fetchingLayers = true;
        askForLayers();
    }

    /** Whether {@code metainfo}, from a found dictionary, needs {@link #fetchPieceLayers} before it is added. */
    public static boolean needsPieceLayers(Metainfo metainfo) {
        return PieceLayerSearch.needed(metainfo);
    }

    /** Ends the search: its connections are refused from now on, and nothing more is handed on. */
    public void stop() {
        stopped = true;
    }

    // ---- what its connections report, from their loops

    /** {@code peer}'s connection is open. */
    synchronized void joined(MetadataRole peer) {
        peers.add(peer);
        askForLayers();
    }

    /** {@code peer} offers a dictionary of {@code size} bytes (its extended handshake's {@code metadata_size}). */
    synchronized void offered(MetadataRole peer, long size) {
        if (done || stopped) {
            return;
        }
        if (size <= 0 || size > maxSize) {
            peer.drop("it offers metadata of " + size + " bytes; at most " + maxSize + " are accepted");
            return;
        }
        waiting.addLast(peer);
        next();
    }

    /** A {@code data} message from {@code peer}. */
    synchronized void piece(MetadataRole peer, int index, long totalSize, byte[] data) {
        if (peer != source || done || stopped) {
            return; // not asked of it (any more): ignored
        }
        int count = pieces.length;
        if (totalSize != size
                || index < 0
                || index >= count
                || pieces[index] != null
                || data.length != UtMetadataMessage.pieceLength(index, size)) {
            blame("metadata piece " + index + " of " + data.length + " bytes does not fit its " + size + " bytes");
            return;
        }
        pieces[index] = data;
        received++;
        lastData = System.nanoTime();
        if (received < count) {
            return;
        }
        byte[] info = new byte[size];
        for (int i = 0; i < count; i++) {
            System.arraycopy(pieces[i], 0, info, i * UtMetadataMessage.PIECE_LENGTH, pieces[i].length);
        }
        if (!matches(info)) {
            blame("its metadata does not hash to the info-hash " + id);
            return;
        }
        done = true;
        source = null;
        pieces = null;
        found.accept(info);
    }

    /** {@code peer} rejected a request: it has no metadata to give. */
    synchronized void rejected(MetadataRole peer) {
        passOver(peer);
    }

    /** {@code peer}'s connection ended. */
    synchronized void left(MetadataRole peer) {
        passOver(peer);
        peers.remove(peer);
        if (layers != null) {
            layers.left(peer);
            askForLayers();
        }
    }

    /** {@code peer}'s BEP 52 hashes. */
    synchronized void hashes(MetadataRole peer, PeerMessage.Hashes answer) {
        if (layers == null || stopped) {
            return;
        }
        layers.hashes(peer, answer).ifPresent(why -> {
            peers.remove(peer); // not asked again while its close hops to its loop
            peer.drop(why);
        });
        askForLayers();
    }

    /** {@code peer} rejected a hash request. */
    synchronized void hashesRejected(MetadataRole peer, PeerMessage.HashRequest request) {
        if (layers != null) {
            layers.rejected(peer, request, System.nanoTime());
            askForLayers();
        }
    }

    /** About once a second from each connection: a source silent for too long is dropped. */
    synchronized void tick(MetadataRole peer, long now) {
        if (peer == source && now - lastData > SOURCE_TIMEOUT_NANOS) {
            blame("it sent no metadata for " + SOURCE_TIMEOUT_NANOS / 1_000_000_000L + " s");
        }
        if (layers != null) {
            layers.tick(now);
            askForLayers();
        }
    }

    /** Asks for what is missing, or hands the layers on once they are all in. */
    private void askForLayers() {
        if (layers == null || layersFound == null || stopped) {
            return;
        }
        if (layers.complete()) {
            Consumer<Map<ByteBuffer, byte[]>> found = layersFound;
            layersFound = null;
            fetchingLayers = false;
            found.accept(layers.layers());
            return;
        }
        layers.ask(peers, System.nanoTime());
    }

    private void passOver(MetadataRole peer) {
        waiting.remove(peer);
        if (peer == source) {
            source = null;
            next();
        }
    }

    private void blame(String why) {
        MetadataRole bad = source;
        source = null;
        bad.drop(why);
        next();
    }

    /** Starts over with the next peer in line, when no peer is being fetched from. */
    private void next() {
        if (source != null || done || stopped) {
            return;
        }
        source = waiting.pollFirst();
        if (source == null) {
            return;
        }
        size = (int) source.metadataSize();
        pieces = new byte[UtMetadataMessage.pieceCount(size)][];
        received = 0;
        lastData = System.nanoTime();
        source.requestAll(pieces.length);
    }

    /** Whether {@code info} hashes to every info-hash the magnet link names. */
    private boolean matches(byte[] info) {
        return magnet.infoHashV1()
                        .map(h -> Arrays.equals(h, InfoHash.v1Of(info).bytes()))
                        .orElse(true)
                && magnet.infoHashV2()
                        .map(h -> Arrays.equals(h, InfoHash.v2Of(info).bytes()))
                        .orElse(true);
    }

    // ---- the torrent as the peer wire sees it

    @Override
    public MetadataSearch metadataSearch() {
        return this;
    }

    @Override
    public byte[] handshakeHash() {
        return handshakeHash.clone();
    }

    @Override
    public byte[] v2HandshakeHash() {
        return magnet.infoHashV2().map(h -> Arrays.copyOf(h, 20)).orElse(null);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int pieceCount() {
        return 0;
    }

    @Override
    public long pieceLength(int index) {
        return 0;
    }

    @Override
    public boolean hasPiece(int index) {
        return false;
    }

    /** A search has no pieces yet: it is never a seed. */
    @Override
    public boolean complete() {
        return false;
    }

    @Override
    public BitSet pieces() {
        return new BitSet();
    }

    @Override
    public byte[] infoBytes() {
        return new byte[0];
    }

    @Override
    public boolean accepting() {
        return (!done || fetchingLayers) && !stopped;
    }

    @Override
    public CompletionStage<ByteBuf> readBlock(int index, int begin, int length) {
        return CompletableFuture.failedFuture(
                new PieceUnavailableException("no piece is known while the metadata is fetched"));
    }

    @Override
    public void uploaded(long bytes) {}
}
