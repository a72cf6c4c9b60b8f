package io.bitquark.seeder.torrent;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BRaw;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BencodeEncoder;
import io.bitquark.protocol.magnet.MagnetException;
import io.bitquark.protocol.magnet.MagnetLink;
import io.bitquark.protocol.magnet.PeerAddress;
import io.bitquark.protocol.metainfo.InfoHash;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoException;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.bitquark.seeder.metadata.MetadataSearch;
import io.bitquark.seeder.peer.ObfuscatedHashes;
import io.bitquark.seeder.peer.ServedTorrent;
import io.bitquark.seeder.peer.TorrentDirectory;
import io.bitquark.seeder.storage.StorageFile;
import io.bitquark.seeder.torrent.TorrentException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The torrents of this process, as libtorrent's session holds them: found by id or by the hash a peer's handshake
 * names, and their life from add to removal. Adding persists the torrent first, so that a restart brings every torrent
 * back; its data is then checked (or its fast-resume state trusted) before any piece is served.
 */
public class TorrentSession implements TorrentDirectory {

    private static final Logger LOG = Logger.getLogger(TorrentSession.class);

    private final Map<String, ManagedTorrent> byId = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, ManagedTorrent> byHandshakeHash = new ConcurrentHashMap<>();
    /** Magnet links whose metadata is being fetched from peers, by id. */
    private final Map<String, PendingMagnet> searches = new ConcurrentHashMap<>();
    /** The same searches, by the hash a peer's handshake names (plain, or found through MSE's obfuscated hash). */
    private final Map<ByteBuffer, PendingMagnet> searchesByHandshakeHash = new ConcurrentHashMap<>();

    private final ObfuscatedHashes obfuscatedHashes = new ObfuscatedHashes();
    private final AtomicLong sequence = new AtomicLong();
    private final DataPaths dataPaths;
    private final TorrentStateStore stateStore;
    private final TorrentLifecycle lifecycle;
    private final Executor adds;

    /**
     * @param adds where a magnet link's torrent is added once its metadata arrives (parsing, persisting, starting
     *     its check): off the event loop that verified the metadata
     */
    public TorrentSession(
            DataPaths dataPaths, TorrentStateStore stateStore, TorrentLifecycle lifecycle, Executor adds) {
        this.dataPaths = dataPaths;
        this.stateStore = stateStore;
        this.lifecycle = lifecycle;
        this.adds = adds;
    }

    /** What happens to a torrent as it is added, paused, resumed and removed: checks, announces, peers. */
    public interface TorrentLifecycle {
        ManagedTorrent create(Metainfo metainfo, byte[] torrent, Path dataPath, TorrentRecord record);

        /** Verifies (or trusts fast resume) and then serves and announces; runs in the background. */
        void start(ManagedTorrent torrent);

        /** Stops serving and announcing (sends {@code stopped}), closing its peers; waits a bounded time. */
        void stop(ManagedTorrent torrent);

        /** {@link #stop} for every torrent at once: the bounded wait for their {@code stopped} is one wait, not one each. */
        void stopAll(List<ManagedTorrent> torrents);

        /** Starts fetching a magnet link's metadata from {@code peers} (its {@code x.pe}) and from incoming peers. */
        void startSearch(MetadataSearch search, List<InetSocketAddress> peers);

        /** Ends a metadata search, closing its connections; returns the peers it had, to dial for the torrent. */
        List<InetSocketAddress> stopSearch(MetadataSearch search);

        /** Peers to dial for {@code torrent} once its check is done and it downloads; given before it starts. */
        void peersOnceDownloading(ManagedTorrent torrent, List<InetSocketAddress> peers);

        /** The torrent's record has new rate limits: they hold from now on. */
        void limitsChanged(ManagedTorrent torrent);

        /** Releases what the torrent holds (open files) once it is removed. */
        void forget(ManagedTorrent torrent);

        int peerPort();
    }

    /**
     * Brings back every persisted torrent, as it was (paused ones stay paused), and every magnet link whose metadata
     * was being fetched, its search started again.
     *
     * @param maxMetadataSize the largest info dictionary a restored search accepts from peers
     */
    public void restore(int maxMetadataSize) {
        List<TorrentStateStore.Stored> stored;
        try {
            stored = stateStore.loadAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state directory", e);
        }
        stored = stored.stream()
                .sorted(Comparator.comparingLong(
                                (TorrentStateStore.Stored s) -> s.record().addedAt())
                        .thenComparing(TorrentStateStore.Stored::id))
                .toList();
        for (TorrentStateStore.Stored s : stored) {
            try {
                Metainfo metainfo = parse(s.torrent());
                Path location = dataPaths.resolve(s.record().dataPath());
                register(lifecycle.create(metainfo, s.torrent(), location, s.record()));
            } catch (RuntimeException e) {
                LOG.warnf("torrent %s not restored: %s", s.id(), e.getMessage());
            }
        }
        List<TorrentStateStore.StoredSearch> magnets;
        try {
            magnets = stateStore.loadSearches();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state directory", e);
        }
        for (TorrentStateStore.StoredSearch m : magnets) {
            try {
                TorrentRecord r = m.record();
                search(
                        MagnetLink.parse(m.magnet()),
                        r.dataPath().isEmpty() ? null : r.dataPath(),
                        r.download(),
                        r.limits(),
                        maxMetadataSize,
                        false);
            } catch (MagnetException | RuntimeException e) {
                LOG.warnf("magnet link %s not restored: %s", m.id(), e.getMessage());
            }
        }
        LOG.infof("restored %d torrents and %d magnet links", byId.size(), searches.size());
    }

    /**
     * Adds a torrent to seed from {@code dataPath} (relative to the data root; default its name). Nothing is
     * persisted unless the torrent is accepted; its check starts in the background.
     *
     * @throws TorrentException {@code MALFORMED} or {@code UNSEEDABLE} torrent, {@code INVALID_REQUEST} for an unsafe
     *     data path, {@code ALREADY_ADDED}, or {@code STATE_NOT_SAVED}
     */
    public ManagedTorrent add(byte[] torrent, String dataPath, boolean download, TorrentLimits limits) {
        return add(torrent, dataPath, download, limits, List.of());
    }

    /**
     * {@link #add(byte[], String, boolean, TorrentLimits)}, with {@code peers} to dial once its check is done and it
     * downloads (a magnet link's {@code x.pe}, a metadata search's peers). They are handed over before the check
     * starts: a check that finds nothing on disk ends at once, and peers given after it would never be dialled.
     */
    public ManagedTorrent add(
            byte[] torrent, String dataPath, boolean download, TorrentLimits limits, List<InetSocketAddress> peers) {
        Metainfo metainfo = parse(torrent);
        if (metainfo.hasUnsafePaths()) {
            throw new TorrentException(Kind.UNSEEDABLE, "the torrent names unsafe paths: " + metainfo.unsafePaths());
        }
        String relative = dataPath == null || dataPath.isBlank() ? metainfo.name() : dataPath;
        Path location;
        try {
            location = dataPaths.resolve(relative);
        } catch (DataPaths.UnsafeDataPathException e) {
            throw new TorrentException(Kind.INVALID_REQUEST, e.getMessage(), e);
        }
        TorrentRecord record = new TorrentRecord(
                dataPaths.relativize(location), false, download, Instant.now().getEpochSecond(), limits);
        synchronized (this) {
            String id = metainfo.primaryInfoHash().hex();
            if (byId.containsKey(id) || clashes(metainfo)) {
                throw new TorrentException(Kind.ALREADY_ADDED, "torrent " + id + " is already seeded here");
            }
            if (searches.containsKey(id) || searchClashes(metainfo)) {
                throw new TorrentException(
                        Kind.ALREADY_ADDED,
                        "torrent " + id + " is already added here as a magnet link whose metadata is being fetched");
            }
            ManagedTorrent t = lifecycle.create(metainfo, torrent, location, record);
            try {
                stateStore.save(id, torrent, record);
            } catch (IOException e) {
                lifecycle.forget(t);
                throw new TorrentException(
                        Kind.STATE_NOT_SAVED, "cannot persist torrent " + id + ": " + e.getMessage(), e);
            }
            lifecycle.peersOnceDownloading(t, peers);
            return register(t);
        }
    }

    /** Makes the torrent findable, then starts its check, or leaves it paused as the operator left it. */
    private ManagedTorrent register(ManagedTorrent t) {
        t.sequence(sequence.incrementAndGet());
        byId.put(t.id(), t);
        handshakeHashes(t.metainfo()).forEach(h -> {
            byHandshakeHash.put(ByteBuffer.wrap(h), t);
            obfuscatedHashes.add(h);
        });
        if (t.record().paused()) {
            t.state(TorrentState.PAUSED, "paused by the operator");
        } else {
            lifecycle.start(t);
        }
        return t;
    }

    /** Whether a metadata search holds one of the torrent's handshake hashes (they share the state files' id). */
    private boolean searchClashes(Metainfo metainfo) {
        return handshakeHashes(metainfo).stream()
                .anyMatch(h -> searchesByHandshakeHash.containsKey(ByteBuffer.wrap(h)));
    }

    private boolean clashes(Metainfo metainfo) {
        return handshakeHashes(metainfo).stream().anyMatch(h -> byHandshakeHash.containsKey(ByteBuffer.wrap(h)));
    }

    private static List<byte[]> handshakeHashes(Metainfo metainfo) {
        List<byte[]> hashes = new ArrayList<>(2);
        metainfo.infoHashV1().ifPresent(h -> hashes.add(h.bytes()));
        metainfo.infoHashV2().ifPresent(h -> hashes.add(h.truncated()));
        return hashes;
    }

    public List<ManagedTorrent> torrents() {
        return byId.values().stream()
                .sorted(Comparator.comparingLong(ManagedTorrent::sequence))
                .toList();
    }

    /** The torrent with this v1 or v2 info-hash (hex, any case). */
    public Optional<ManagedTorrent> find(String infoHash) {
        if (infoHash == null) {
            return Optional.empty();
        }
        String hex = infoHash.toLowerCase(Locale.ROOT);
        ManagedTorrent direct = byId.get(hex);
        if (direct != null) {
            return Optional.of(direct);
        }
        return byId.values().stream()
                .filter(t -> t.infoHashV1()
                                .map(InfoHash::hex)
                                .filter(hex::equals)
                                .isPresent()
                        || t.infoHashV2().map(InfoHash::hex).filter(hex::equals).isPresent())
                .findFirst();
    }

    @Override
    public ServedTorrent find(byte[] handshakeHash) {
        ManagedTorrent t = byHandshakeHash.get(ByteBuffer.wrap(handshakeHash));
        if (t != null) {
            return t.accepting() ? t : null;
        }
        PendingMagnet pending = searchesByHandshakeHash.get(ByteBuffer.wrap(handshakeHash));
        return pending != null && pending.search().accepting() ? pending.search() : null;
    }

    @Override
    public byte[] findObfuscated(byte[] req2Hash) {
        return obfuscatedHashes.find(req2Hash);
    }

    /**
     * Stops seeding: {@code stopped} to the trackers, peers closed, state forgotten. With {@code deleteData}
     * the torrent's files go too, and the directories they leave empty.
     *
     * @throws TorrentException {@code DATA_OUTSIDE_ROOT}, removing nothing, when the data is to be deleted but its path
     *     now leads out of the data root; {@code NOT_FULLY_REMOVED} when files are left behind
     */
    public void remove(ManagedTorrent torrent, boolean deleteData) {
        if (deleteData) {
            try {
                dataPaths.resolve(torrent.record().dataPath());
            } catch (DataPaths.UnsafeDataPathException e) {
                throw new TorrentException(
                        Kind.DATA_OUTSIDE_ROOT,
                        "the data of torrent " + torrent.id() + " is not deleted and the torrent is kept: "
                                + e.getMessage(),
                        e);
            }
        }
        synchronized (this) {
            if (byId.remove(torrent.id()) == null) {
                return;
            }
            handshakeHashes(torrent.metainfo()).forEach(h -> {
                byHandshakeHash.remove(ByteBuffer.wrap(h));
                obfuscatedHashes.remove(h);
            });
        }
        torrent.state(TorrentState.PAUSED, "removed");
        lifecycle.stop(torrent);
        lifecycle.forget(torrent);
        try {
            stateStore.delete(torrent.id());
            if (deleteData) {
                List<Path> files = torrent.storage().files().stream()
                        .map(StorageFile::path)
                        .toList();
                new ContentDeletion(dataPaths.root()).delete(torrent.dataPath(), files);
            }
        } catch (IOException e) {
            throw new TorrentException(
                    Kind.NOT_FULLY_REMOVED,
                    "torrent " + torrent.id() + " is no longer seeded, but: " + e.getMessage(),
                    e);
        }
    }

    public ManagedTorrent pause(ManagedTorrent torrent) {
        if (torrent.state() != TorrentState.PAUSED) {
            persist(torrent, torrent.record().withPaused(true));
            torrent.state(TorrentState.PAUSED, "paused by the operator");
            lifecycle.stop(torrent);
        }
        return torrent;
    }

    public ManagedTorrent resume(ManagedTorrent torrent) {
        if (torrent.state() == TorrentState.PAUSED) {
            persist(torrent, torrent.record().withPaused(false));
            lifecycle.start(torrent);
        }
        return torrent;
    }

    /**
     * Adds a torrent known only by a magnet link: its info dictionary is fetched from peers (BEP 9) and verified
     * against the link's info-hashes; then the torrent is added as if its .torrent had been given, with the
     * link's trackers, and its check and download start. Until then it is {@code metadata}.
     *
     * @param maxSize the largest info dictionary accepted, in bytes
     * @throws TorrentException {@code INVALID_REQUEST} for an unsafe data path, {@code ALREADY_ADDED}
     */
    public PendingMagnet search(
            MagnetLink magnet, String dataPath, boolean download, TorrentLimits limits, int maxSize) {
        return search(magnet, dataPath, download, limits, maxSize, true);
    }

    /** {@link #search}, persisting it only when {@code persist} (a restored search's files are already there). */
    private PendingMagnet search(
            MagnetLink magnet, String dataPath, boolean download, TorrentLimits limits, int maxSize, boolean persist) {
        if (dataPath != null && !dataPath.isBlank()) {
            try {
                dataPaths.resolve(dataPath);
            } catch (DataPaths.UnsafeDataPathException e) {
                throw new TorrentException(Kind.INVALID_REQUEST, e.getMessage(), e);
            }
        }
        PendingMagnet[] pending = new PendingMagnet[1];
        MetadataSearch search =
                new MetadataSearch(magnet, maxSize, info -> adds.execute(() -> found(pending[0], info)));
        pending[0] = new PendingMagnet(search, dataPath, download, limits);
        synchronized (this) {
            if (byId.containsKey(search.id())
                    || searches.containsKey(search.id())
                    || byHandshakeHash.containsKey(ByteBuffer.wrap(search.handshakeHash()))) {
                throw new TorrentException(Kind.ALREADY_ADDED, "torrent " + search.id() + " is already seeded here");
            }
            try {
                if (persist) {
                    stateStore.saveSearch(
                            search.id(),
                            magnet.toUri(),
                            new TorrentRecord(
                                    dataPath == null ? "" : dataPath,
                                    false,
                                    download,
                                    Instant.now().getEpochSecond(),
                                    limits));
                }
            } catch (IOException e) {
                throw new TorrentException(
                        Kind.STATE_NOT_SAVED, "cannot persist magnet link " + search.id() + ": " + e.getMessage(), e);
            }
            searches.put(search.id(), pending[0]);
            searchesByHandshakeHash.put(ByteBuffer.wrap(search.handshakeHash()), pending[0]);
            obfuscatedHashes.add(search.handshakeHash());
        }
        lifecycle.startSearch(search, peersOf(magnet));
        return pending[0];
    }

    /** The peers a magnet link names ({@code x.pe}), unresolved: the dialer resolves names without blocking. */
    public static List<InetSocketAddress> peersOf(MagnetLink magnet) {
        List<InetSocketAddress> peers = new ArrayList<>();
        for (PeerAddress peer : magnet.peers()) {
            peers.add(InetSocketAddress.createUnresolved(peer.host(), peer.port()));
        }
        return peers;
    }

    /** The magnet links whose metadata is being fetched. */
    public List<PendingMagnet> searches() {
        return new ArrayList<>(searches.values());
    }

    public Optional<PendingMagnet> findSearch(String infoHash) {
        return Optional.ofNullable(searches.get(infoHash.toLowerCase(Locale.ROOT)));
    }

    /**
     * Takes a search out of the session (once: false when it was already taken out), so that peers no longer find
     * it; its torrent, when added next, registers the same hashes as its own.
     */
    private synchronized boolean forget(PendingMagnet pending) {
        if (!searches.remove(pending.id(), pending)) {
            return false;
        }
        byte[] hash = pending.search().handshakeHash();
        searchesByHandshakeHash.remove(ByteBuffer.wrap(hash), pending);
        obfuscatedHashes.remove(hash);
        return true;
    }

    /** Gives up fetching a magnet link's metadata. */
    public void cancel(PendingMagnet pending) {
        if (forget(pending)) {
            lifecycle.stopSearch(pending.search());
            discardSearchFiles(pending.id());
        }
    }

    /**
     * The verified info dictionary of a search. A v2-only torrent that lacks piece layers (BEP 9 carries none) stays
     * {@code metadata} while the search fetches them ({@link MetadataSearch#fetchPieceLayers}); then, or at once for
     * any other torrent, it is added.
     */
    private void found(PendingMagnet pending, byte[] info) {
        Metainfo metainfo;
        try {
            metainfo = parse(BencodeEncoder.encode(
                    BDictionary.builder().put("info", new BRaw(info)).build()));
        } catch (TorrentException e) {
            LOG.warnf("torrent %s: its metadata arrived but it cannot be added: %s", pending.id(), e.getMessage());
            if (forget(pending)) {
                lifecycle.stopSearch(pending.search());
                discardSearchFiles(pending.id());
            }
            return;
        }
        if (MetadataSearch.needsPieceLayers(metainfo)) {
            LOG.infof(
                    "torrent %s: metadata fetched from peers (%d bytes), now its piece layers",
                    pending.id(), info.length);
            pending.search().fetchPieceLayers(metainfo, layers -> adds.execute(() -> complete(pending, info, layers)));
            return;
        }
        complete(pending, info, Map.of());
    }

    /**
     * Adds the torrent of a search, with the piece layers it fetched and the link's trackers ({@code tr}) and web seeds
     * ({@code ws}, as {@code url-list}), and carries the search's peers over.
     */
    private void complete(PendingMagnet pending, byte[] info, Map<ByteBuffer, byte[]> layers) {
        if (!forget(pending)) {
            return; // cancelled meanwhile
        }
        List<InetSocketAddress> peers = lifecycle.stopSearch(pending.search());
        MagnetLink magnet = pending.search().magnet();
        BDictionary.Builder torrent = BDictionary.builder().put("info", new BRaw(info));
        if (!layers.isEmpty()) {
            BDictionary.Builder pieceLayers = BDictionary.builder();
            layers.forEach((root, layer) -> pieceLayers.put(BString.of(bytes(root)), BString.of(layer)));
            torrent.put("piece layers", pieceLayers.build());
        }
        List<String> trackers = magnet.trackers();
        if (!trackers.isEmpty()) {
            torrent.put("announce", trackers.get(0));
        }
        if (trackers.size() > 1) {
            torrent.put(
                    "announce-list",
                    BList.of(trackers.stream().map(t -> BList.of(BString.of(t))).toList()));
        }
        if (!magnet.webSeeds().isEmpty()) { // BEP 19 web seeds named by the link's ws= (libtorrent's url_seeds)
            torrent.put(
                    "url-list",
                    BList.of(magnet.webSeeds().stream().map(BString::of).toList()));
        }
        peers.addAll(peersOf(magnet));
        try {
            ManagedTorrent added = add(
                    BencodeEncoder.encode(torrent.build()),
                    pending.dataPath(),
                    pending.download(),
                    pending.limits(),
                    peers);
            LOG.infof(
                    "torrent %s: metadata fetched from peers (%d bytes, %d piece layers)",
                    added.id(), info.length, layers.size());
        } catch (TorrentException e) {
            LOG.warnf("torrent %s: its metadata arrived but it cannot be added: %s", pending.id(), e.getMessage());
        }
        discardSearchFiles(pending.id());
    }

    /**
     * Deletes what a search that ended kept on disk: its {@code .magnet}, and its {@code .state} too unless a torrent
     * of the same id now stands for it (the search's own, once its metadata was in).
     */
    private synchronized void discardSearchFiles(String id) {
        try {
            if (byId.containsKey(id)) {
                stateStore.deleteSearch(id);
            } else {
                stateStore.delete(id);
            }
        } catch (IOException e) {
            LOG.warnf("magnet link %s: its files stay behind: %s", id, e.getMessage());
        }
    }

    /**
     * Changes the torrent's own rate limits: the directions {@code change} sets are replaced, the others kept.
     * They are persisted and hold at once, on every connection of the torrent.
     *
     * @throws TorrentException {@code STATE_NOT_SAVED}
     */
    public ManagedTorrent limit(ManagedTorrent torrent, TorrentLimits change) {
        synchronized (torrent) {
            persist(
                    torrent,
                    torrent.record().withLimits(torrent.record().limits().with(change)));
        }
        lifecycle.limitsChanged(torrent);
        return torrent;
    }

    /** Sends {@code stopped} for every torrent that is running, for a graceful shutdown. */
    public void stopAll() {
        lifecycle.stopAll(byId.values().stream()
                .filter(t -> t.state() != TorrentState.PAUSED)
                .toList());
    }

    public int peerPort() {
        return lifecycle.peerPort();
    }

    private void persist(ManagedTorrent torrent, TorrentRecord record) {
        try {
            stateStore.saveRecord(torrent.id(), record);
            torrent.record(record);
        } catch (IOException e) {
            throw new TorrentException(
                    Kind.STATE_NOT_SAVED, "cannot persist torrent " + torrent.id() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static Metainfo parse(byte[] torrent) {
        try {
            return MetainfoParser.lenient().parse(torrent);
        } catch (MetainfoException e) {
            throw TorrentException.malformed(e.getMessage(), e.offset(), e);
        }
    }
}
