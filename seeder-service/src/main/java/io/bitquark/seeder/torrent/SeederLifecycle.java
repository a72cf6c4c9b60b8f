package io.bitquark.seeder.torrent;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoException;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.seeder.announce.AnnounceParams;
import io.bitquark.seeder.announce.Announcers;
import io.bitquark.seeder.announce.TorrentAnnouncer;
import io.bitquark.seeder.announce.TrackerStatus;
import io.bitquark.seeder.config.AnnounceConfig;
import io.bitquark.seeder.config.ChokingConfig;
import io.bitquark.seeder.config.DownloadConfig;
import io.bitquark.seeder.config.PeerWireConfig;
import io.bitquark.seeder.config.SeederConfig;
import io.bitquark.seeder.config.StorageConfig;
import io.bitquark.seeder.download.DownloadBudget;
import io.bitquark.seeder.download.PeerDialer;
import io.bitquark.seeder.download.TorrentDownload;
import io.bitquark.seeder.download.WebSeeds;
import io.bitquark.seeder.metadata.MetadataSearch;
import io.bitquark.seeder.metrics.SeederMetrics;
import io.bitquark.seeder.peer.DisconnectReason;
import io.bitquark.seeder.peer.PeerSnapshot;
import io.bitquark.seeder.peer.PeerWireListener;
import io.bitquark.seeder.peer.PeerWireServer;
import io.bitquark.seeder.peer.ServedTorrent;
import io.bitquark.seeder.rate.TorrentRateLimits;
import io.bitquark.seeder.storage.CheckResult;
import io.bitquark.seeder.storage.PieceCheck;
import io.bitquark.seeder.storage.ResumeData;
import io.bitquark.seeder.storage.ResumePlan;
import io.bitquark.seeder.storage.StorageResources;
import io.bitquark.seeder.storage.TorrentStorage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The seeder's wiring and lifecycle: makes the {@link TorrentSession}, the peer wire and the announcers, starts them at
 * startup and stops them at shutdown, and drives each torrent's life: its storage and hash check (or fast resume), then
 * serving on the peer wire and announcing, and on pause, removal or shutdown, {@code stopped} to its trackers and its
 * peers closed. Threads: block reads and check hashing run on two bounded pools shared by every torrent; checks queue
 * on {@code storage.concurrent-checks} runners; the peer wire and the announcers run on Vert.x event loops. No thread
 * is made per torrent or per peer.
 */
@ApplicationScoped
public class SeederLifecycle implements TorrentSession.TorrentLifecycle {

    private static final Logger LOG = Logger.getLogger(SeederLifecycle.class);

    private final Vertx vertx;
    private final SeederConfig config;
    private final AnnounceConfig announceConfig;
    private final Announcers announcers;
    private final DataPaths dataPaths;
    private final TorrentStateStore stateStore;
    private final StorageResources resources;
    private final ExecutorService readers;
    private final ExecutorService hashers;
    private final ExecutorService checkRunners;
    /** Adds the torrents whose metadata arrived from peers (file I/O, off the event loops). */
    private final ExecutorService adds;

    private final PieceCheck pieceCheck;
    private final PeerId peerId = PeerId.generate();
    private final PeerWireServer peerWire;
    private final TorrentSession session;
    private final SeederMetrics metrics;
    private final int announceKey;
    private final Map<String, TorrentAnnouncer> announcing = new ConcurrentHashMap<>();
    private final Map<String, PieceCheck.Run> checking = new ConcurrentHashMap<>();
    private final DownloadConfig downloadConfig;
    private final PeerWireConfig peerConfig;
    private final ChokingConfig choking;
    private final boolean preallocate;
    private final ExecutorService writers;
    private final DownloadBudget budget;
    private final PeerDialer dialer;
    private final WebSeeds webSeeds;
    /** When each downloading torrent's resume data was last saved, by id (nanoTime). */
    private final Map<String, Long> resumeSaved = new ConcurrentHashMap<>();
    /** Peers to give each torrent's dialer once it downloads, by id. */
    private final Map<String, List<InetSocketAddress>> peersOnceDownloading = new ConcurrentHashMap<>();

    public SeederLifecycle(
            Vertx vertx,
            SeederConfig config,
            PeerWireConfig peerConfig,
            ChokingConfig choking,
            StorageConfig storageConfig,
            AnnounceConfig announceConfig,
            DownloadConfig downloadConfig,
            Announcers announcers,
            MeterRegistry registry) {
        this.downloadConfig = downloadConfig;
        this.peerConfig = peerConfig;
        this.choking = choking;
        this.preallocate = storageConfig.preallocate();
        this.vertx = vertx;
        this.config = config;
        this.announceConfig = announceConfig;
        this.announcers = announcers;
        this.dataPaths = new DataPaths(Path.of(config.dataRoot()));
        this.stateStore = new TorrentStateStore(Path.of(config.stateDir()));
        this.resources = StorageResources.of(storageConfig);
        this.readers = Executors.newFixedThreadPool(storageConfig.readThreads(), named("bitquark-block-reader-"));
        int checkThreads = PieceCheck.threadsFor(storageConfig.checkThreads());
        this.hashers = Executors.newFixedThreadPool(checkThreads, named("bitquark-piece-check-"));
        this.checkRunners =
                Executors.newFixedThreadPool(storageConfig.concurrentChecks(), named("bitquark-check-runner-"));
        this.pieceCheck = new PieceCheck(hashers, checkThreads);
        this.writers = Executors.newFixedThreadPool(checkThreads, named("bitquark-piece-writer-"));
        this.budget = new DownloadBudget(downloadConfig.maxUnverifiedBytes());
        this.adds = Executors.newSingleThreadExecutor(named("bitquark-magnet-add-"));
        this.session = new TorrentSession(dataPaths, stateStore, this, adds);
        this.metrics = new SeederMetrics(registry, session::torrents);
        // a seed does not dial again, while it stays complete, a seed it found it had nothing for
        PeerWireListener seedsFound = new PeerWireListener() {
            @Override
            public void peerDisconnected(ServedTorrent torrent, SocketAddress peer, DisconnectReason reason) {
                if (reason == DisconnectReason.UPLOAD_ONLY && torrent != null) {
                    dialer.seedFound(torrent, peer.hostAddress(), peer.port());
                }
            }
        };
        this.peerWire = new PeerWireServer(vertx, session, peerConfig, choking, peerId, metrics.andThen(seedsFound));
        metrics.peerConnections(peerWire::connectionCount);
        this.dialer = new PeerDialer(
                peerWire::connect,
                downloadConfig.maxHalfOpen(),
                downloadConfig.retryInitial(),
                downloadConfig.retryMax(),
                System::nanoTime);
        this.webSeeds = new WebSeeds(
                vertx,
                downloadConfig.webSeedConnections(),
                downloadConfig.webSeedTimeout(),
                downloadConfig.webSeedRetryInitial(),
                downloadConfig.webSeedRetryMax(),
                downloadConfig.webSeedMaxFailures(),
                downloadConfig.webSeedsPerTorrent());
        this.announceKey = announcers.newKey();
    }

    @Produces
    @Singleton
    TorrentSession torrentSession() {
        return session;
    }

    void onStart(@Observes StartupEvent event) {
        int port;
        try {
            port = peerWire.start(config.peerHost(), config.peerPort(), config.peerPortLast())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(
                    "the peer wire cannot start: " + cause.getMessage()
                            + " (set bitquark.seeder.peer-port and bitquark.seeder.peer-port-last)",
                    cause);
        }
        LOG.infof("peer wire listening on %s:%d as %s", config.peerHost(), port, peerId);
        vertx.setPeriodic(1000, id -> dialer.tick());
        session.restore(config.maxTorrentSize());
    }

    void onStop(@Observes ShutdownEvent event) {
        session.stopAll();
        peerWire.close()
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();
        webSeeds.close();
        checkRunners.shutdownNow();
        adds.shutdownNow();
        writers.shutdownNow();
        hashers.shutdownNow();
        readers.shutdownNow();
        resources.close();
        metrics.remove();
    }

    @Override
    public int peerPort() {
        return peerWire.port();
    }

    public List<PeerSnapshot> peers(ManagedTorrent torrent) {
        return peerWire.peers(torrent);
    }

    public List<TrackerStatus> trackers(ManagedTorrent torrent) {
        TorrentAnnouncer announcer = announcing.get(torrent.id());
        return announcer == null ? List.of() : announcer.status();
    }

    @Override
    public ManagedTorrent create(Metainfo metainfo, byte[] torrent, Path dataPath, TorrentRecord record) {
        TorrentStorage storage;
        try {
            storage = TorrentStorage.open(metainfo, dataPaths.root(), dataPath, resources);
        } catch (MetainfoException e) {
            throw new TorrentException(
                    TorrentException.Kind.UNSEEDABLE,
                    "cannot seed this torrent from " + record.dataPath() + ": " + e.getMessage(),
                    e);
        }
        ManagedTorrent managed =
                new ManagedTorrent(metainfo, torrent, dataPath, record, storage, readers, rateLimits(record));
        storage.onWithdrawn((piece, reason) -> {
            LOG.warnf("torrent %s: piece %d withdrawn: %s", managed.id(), piece, reason);
            metrics.pieceWithdrawn();
            TorrentDownload download = managed.download();
            if (download != null && download.error() == null && managed.state() != TorrentState.PAUSED) {
                download.lost(piece); // downloaded again
                managed.state(TorrentState.DOWNLOADING, null);
            } else {
                managed.state(TorrentState.PARTIAL, "piece " + piece + " changed on disk and is no longer served");
            }
            saveResume(managed);
        });
        return managed;
    }

    /** The limits in force for {@code record}: its own, or the per-torrent defaults. */
    private TorrentRateLimits rateLimits(TorrentRecord record) {
        return new TorrentRateLimits(
                record.limits().uploadOr(choking.torrentUploadRateLimit()),
                record.limits().downloadOr(choking.torrentDownloadRateLimit()),
                System.nanoTime());
    }

    @Override
    public void limitsChanged(ManagedTorrent torrent) {
        TorrentLimits limits = torrent.record().limits();
        torrent.rateLimits()
                .set(
                        limits.uploadOr(choking.torrentUploadRateLimit()),
                        limits.downloadOr(choking.torrentDownloadRateLimit()),
                        System.nanoTime());
    }

    @Override
    public void start(ManagedTorrent torrent) {
        torrent.checking();
        checkRunners.execute(() -> check(torrent));
    }

    /** Verifies the torrent's data (only what fast resume cannot vouch for), then serves and announces it. */
    private void check(ManagedTorrent torrent) {
        if (torrent.state() != TorrentState.CHECKING) {
            return;
        }
        TorrentStorage storage = torrent.storage();
        try {
            ResumePlan plan = ResumeData.load(stateStore.resumeFile(torrent.id()))
                    .map(r -> torrent.record().download() ? r.planForDownload(storage) : r.planFor(storage))
                    .orElseGet(() -> ResumePlan.fullCheck(storage, "no resume data"));
            PieceCheck.Run run = pieceCheck.start(
                    storage,
                    plan.recheck(),
                    (bytes, total) -> torrent.checkProgress(total == 0 ? 100 : 100.0 * bytes / total));
            checking.put(torrent.id(), run);
            CheckResult result = run.result().join();
            checking.remove(torrent.id());
            if (torrent.state() != TorrentState.CHECKING) {
                return; // paused or removed while checking
            }
            storage.accept(plan.complete(result));
            if (serve(torrent)) {
                metrics.checkFinished(plan.usable() ? "resumed" : "full");
                saveResume(torrent);
            }
        } catch (RuntimeException | IOException e) {
            checking.remove(torrent.id());
            if (torrent.state() == TorrentState.CHECKING) {
                LOG.errorf(e, "torrent %s: check failed", torrent.id());
                metrics.checkFinished("failed");
                torrent.state(TorrentState.ERROR, "the check failed: " + e.getMessage());
            }
        }
    }

    /** Ends the check as seeding or partial, then announces; false when the torrent was paused or removed meanwhile. */
    private boolean serve(ManagedTorrent torrent) {
        int have = torrent.piecesHave();
        int total = torrent.pieceCount();
        TorrentAnnouncer previous;
        boolean downloading = have < total && torrent.record().download();
        if (downloading) {
            try {
                torrent.storage().allocate(preallocate); // file I/O: not under the torrent's lock
            } catch (IOException e) {
                if (preallocate) {
                    torrent.checked(TorrentState.ERROR, "preallocating the files failed: " + e.getMessage());
                    return false;
                }
                LOG.warnf("torrent %s: empty files not made: %s", torrent.id(), e.getMessage());
            }
        }
        synchronized (torrent) { // a pause or removal's stop() sees either no announcer yet or this one started
            if (torrent.record().download()) {
                torrent.download(newDownload(torrent));
            }
            boolean done = have == total
                    ? torrent.checked(TorrentState.SEEDING, null)
                    : downloading
                            ? torrent.checked(TorrentState.DOWNLOADING, null)
                            : torrent.checked(
                                    TorrentState.PARTIAL,
                                    (total - have) + " of " + total
                                            + " pieces are missing or failed their check; downloading is off");
            if (!done) {
                return false;
            }
            dialer.watch(dialTarget(torrent, () -> torrent.state().dialsPeers()));
            if (torrent.record().download()) {
                List<InetSocketAddress> given = peersOnceDownloading.remove(torrent.id());
                if (given != null) {
                    dialer.add(torrent, given);
                }
                if (downloading && downloadConfig.webSeeds()) {
                    webSeeds.start(torrent.download(), torrent.metainfo(), peerWire.downloadThrottle(torrent));
                }
            }
            TorrentAnnouncer announcer = announcers.create(
                    torrent.metainfo().announceTiers(), () -> announceParams(torrent), found -> heard(torrent, found));
            previous = announcing.put(torrent.id(), announcer);
            announcer.start();
        }
        if (previous != null) {
            previous.stop();
        }
        LOG.infof(
                "torrent %s (%s): %s, %d/%d pieces",
                torrent.id(), torrent.name(), torrent.state().json(), have, total);
        return true;
    }

    private AnnounceParams announceParams(ManagedTorrent torrent) {
        int port = config.announcePort().orElse(peerWire.port());
        TorrentDownload download = torrent.download();
        return AnnounceParams.of(
                torrent.handshakeHash(),
                peerId,
                port,
                config.announceIp(),
                torrent.uploaded(),
                download == null ? 0 : download.downloaded(),
                torrent.bytesLeft(),
                torrent.state() == TorrentState.DOWNLOADING ? downloadConfig.numwant() : announceConfig.numwant(),
                announceKey);
    }

    // ---- downloading

    private TorrentDownload newDownload(ManagedTorrent torrent) {
        TorrentStorage storage = torrent.storage();
        return new TorrentDownload(
                storage,
                storage.metainfo().pieceHashes(),
                storage.verifiedPieces(),
                writers,
                budget,
                new TorrentDownload.Events() {
                    @Override
                    public void pieceVerified(int piece) {
                        peerWire.havePiece(torrent, piece);
                        long now = System.nanoTime();
                        Long last = resumeSaved.get(torrent.id());
                        if (last == null
                                || now - last
                                        >= downloadConfig.resumeSaveInterval().toNanos()) {
                            resumeSaved.put(torrent.id(), now);
                            saveResume(torrent);
                        }
                    }

                    @Override
                    public void completed() {
                        downloadCompleted(torrent);
                    }

                    @Override
                    public void failed(String reason) {
                        LOG.errorf("torrent %s: download stopped: %s", torrent.id(), reason);
                        torrent.state(TorrentState.ERROR, reason);
                        saveResume(torrent);
                        peerWire.disconnectAll(torrent);
                    }
                });
    }

    private void downloadCompleted(ManagedTorrent torrent) {
        TorrentAnnouncer announcer;
        synchronized (torrent) {
            if (torrent.state() != TorrentState.DOWNLOADING) {
                return;
            }
            torrent.state(TorrentState.SEEDING, null);
            announcer = announcing.get(torrent.id());
        }
        LOG.infof("torrent %s (%s): downloaded, now seeding", torrent.id(), torrent.name());
        saveResume(torrent);
        if (announcer != null) {
            announcer.completed();
        }
    }

    private PeerDialer.Target dialTarget(ServedTorrent torrent, BooleanSupplier wantsPeers) {
        return PeerDialer.Target.of(
                torrent,
                wantsPeers,
                () -> {
                    Set<String> endpoints = new HashSet<>();
                    for (PeerSnapshot p : peerWire.peers(torrent)) {
                        endpoints.add(PeerDialer.endpoint(p.address(), p.listenPort() > 0 ? p.listenPort() : p.port()));
                    }
                    return endpoints;
                },
                peerConfig.maxConnectionsPerTorrent());
    }

    private void heard(ManagedTorrent torrent, List<Peer> found) {
        List<InetSocketAddress> peers = new ArrayList<>(found.size());
        for (Peer p : found) {
            peers.add(new InetSocketAddress(p.address(), p.port()));
        }
        dialer.add(torrent, peers);
    }

    /** How many peers a downloading torrent (or a metadata search) knows of. */
    public int knownPeers(ServedTorrent torrent) {
        return dialer.known(torrent);
    }

    /**
     * Peers given by hand ({@code POST /api/torrents/{id}/peers}, or {@code x.pe} of a magnet link) for a torrent
     * that dials peers ({@link TorrentState#dialsPeers}) or a metadata search, dialled at once.
     *
     * @return how many were new to it
     */
    public int addPeers(ServedTorrent torrent, List<InetSocketAddress> peers) {
        int added = dialer.add(torrent, peers);
        dialer.tick();
        return added;
    }

    /**
     * Peers to dial once {@code torrent} starts downloading, after its check: those its magnet link named, or
     * those its metadata search knew.
     */
    @Override
    public void peersOnceDownloading(ManagedTorrent torrent, List<InetSocketAddress> peers) {
        if (!peers.isEmpty()) {
            peersOnceDownloading.merge(torrent.id(), List.copyOf(peers), (a, b) -> {
                List<InetSocketAddress> all = new ArrayList<>(a);
                all.addAll(b);
                return all;
            });
        }
    }

    /** Starts fetching the metadata of a magnet link from the peers it names and the peers that connect. */
    @Override
    public void startSearch(MetadataSearch search, List<InetSocketAddress> peers) {
        dialer.watch(dialTarget(search, search::accepting));
        addPeers(search, peers);
    }

    /** Ends a metadata search: no more dialling, its connections closed; returns the peers it knew. */
    @Override
    public List<InetSocketAddress> stopSearch(MetadataSearch search) {
        search.stop();
        List<InetSocketAddress> known = new ArrayList<>();
        for (PeerSnapshot p : peerWire.peers(search)) {
            if (p.listenPort() > 0) {
                known.add(InetSocketAddress.createUnresolved(p.address(), p.listenPort()));
            }
        }
        dialer.forget(search);
        peerWire.disconnectAll(search);
        return known;
    }

    /** The peers connected to a metadata search. */
    public List<PeerSnapshot> peers(MetadataSearch search) {
        return peerWire.peers(search);
    }

    @Override
    public void stop(ManagedTorrent torrent) {
        stopAll(List.of(torrent));
    }

    /**
     * Cancels the torrents' checks, closes their peers and sends {@code stopped} for all of them together, so
     * that trackers that do not answer cost one {@code announce.stop-timeout} in all, not one per torrent (a
     * graceful shutdown must end within the pod's grace period); then saves the resume data of those whose
     * check had finished.
     */
    @Override
    public void stopAll(List<ManagedTorrent> torrents) {
        List<Uni<Void>> stopped = new ArrayList<>();
        List<ManagedTorrent> checked = new ArrayList<>();
        for (ManagedTorrent torrent : torrents) {
            PieceCheck.Run run = checking.remove(torrent.id());
            if (run != null) {
                run.cancel();
            } else {
                checked.add(torrent);
            }
            TorrentDownload download = torrent.download();
            if (download != null) {
                download.stop(null);
            }
            dialer.forget(torrent);
            resumeSaved.remove(torrent.id());
            peerWire.disconnectAll(torrent);
            TorrentAnnouncer announcer;
            synchronized (torrent) {
                announcer = announcing.remove(torrent.id());
            }
            if (announcer != null) {
                stopped.add(announcer.stop());
            }
        }
        if (!stopped.isEmpty()) {
            Duration wait = announceConfig.stopTimeout().plusSeconds(1);
            Uni.join()
                    .all(stopped)
                    .andCollectFailures()
                    .replaceWithVoid()
                    .await()
                    .atMost(wait);
        }
        checked.forEach(this::saveResume);
    }

    @Override
    public void forget(ManagedTorrent torrent) {
        peersOnceDownloading.remove(torrent.id());
        torrent.storage().close();
    }

    private void saveResume(ManagedTorrent torrent) {
        if (torrent.percent() < 100 && torrent.piecesHave() == 0) {
            return; // nothing verified yet: keep whatever resume data there is
        }
        try {
            ResumeData.of(torrent.storage()).save(stateStore.resumeFile(torrent.id()));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("torrent %s: resume data not saved: %s", torrent.id(), e.getMessage());
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
