package io.bitquark.metainfo.api;

import io.bitquark.metainfo.config.MetainfoConfig;
import io.bitquark.metainfo.create.ContentScanner;
import io.bitquark.metainfo.create.CreateOptions;
import io.bitquark.metainfo.create.HashingThreads;
import io.bitquark.metainfo.create.NewTorrent;
import io.bitquark.metainfo.create.PieceLengthRule;
import io.bitquark.metainfo.create.ScannedContent;
import io.bitquark.metainfo.create.TorrentCreator;
import io.bitquark.metainfo.create.TorrentOptions;
import io.bitquark.metainfo.peers.PeerServices;
import io.bitquark.metainfo.store.HostedTorrent;
import io.bitquark.metainfo.store.SeedingStatus;
import io.bitquark.metainfo.store.TorrentRepository;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoException;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.bitquark.rest.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The torrent use cases behind the REST resources: create from content under the root, host an existing
 * .torrent, delete. Hosting registers the torrent on the tracker's allowlist; {@code seed} hands it to the
 * seeder. Every method does file I/O and may block: call it from a worker thread.
 */
@ApplicationScoped
public class TorrentService {

    private final MetainfoConfig config;
    private final TorrentRepository repository;
    private final PeerServices peers;
    private final ContentScanner scanner;
    private final TorrentCreator creator;

    public TorrentService(
            MetainfoConfig config, TorrentRepository repository, PeerServices peers, HashingThreads hashing) {
        this.config = config;
        this.repository = repository;
        this.peers = peers;
        this.scanner = new ContentScanner(Path.of(config.contentRoot()));
        this.creator = new TorrentCreator(hashing.hashing());
    }

    /** A hosted torrent, and whether it was created now (201) or was already there (200). */
    public record Hosted(HostedTorrent torrent, boolean created) {}

    public ContentScanner scanner() {
        return scanner;
    }

    /** Checks the options and finds the content; fails fast, before any hashing. */
    public Prepared prepare(CreateOptions options, String uploadedContent) {
        return prepare(scanner.scan(options.path(), options.exclude(), options.hidden()), options, uploadedContent);
    }

    /** Checks the options for content already found (uploaded content, whose files are known). */
    public Prepared prepare(ScannedContent content, CreateOptions options, String uploadedContent) {
        if (options.pieceLength() != null) {
            String problem = PieceLengthRule.problem(options.pieceLength());
            if (problem != null) {
                throw ApiProblem.badRequest(problem);
            }
        }
        int pieceLength = options.pieceLength() != null
                ? options.pieceLength().intValue()
                : PieceLengthRule.auto(content.totalSize(), config.create().maxAutoPieceLength());
        NewTorrent request = new NewTorrent(
                TorrentOptions.name(options.name(), content.name()),
                TorrentOptions.version(options.version()),
                pieceLength,
                TorrentOptions.tiers(options.announce(), config.defaultAnnounce()),
                TorrentOptions.seedUrls(options.webSeeds(), "webSeeds"),
                TorrentOptions.seedUrls(options.httpSeeds(), "httpSeeds"),
                options.privateTorrent(),
                options.source(),
                options.comment(),
                options.createdBy() != null
                        ? options.createdBy()
                        : config.create().createdBy(),
                TorrentOptions.creationDate(options.creationDate()));
        String dataPath = scanner.root().relativize(content.location()).toString();
        return new Prepared(content, request, options.seedIt(), dataPath, uploadedContent);
    }

    /** A creation that passed every check and only needs hashing. */
    public record Prepared(
            ScannedContent content, NewTorrent request, boolean seed, String dataPath, String uploadedContent) {
        public long totalSize() {
            return content.totalSize();
        }
    }

    /** Hashes and hosts a prepared torrent. */
    public Hosted create(Prepared prepared, LongConsumer progress, BooleanSupplier cancelled) {
        Metainfo metainfo;
        try {
            metainfo = creator.create(prepared.content(), prepared.request(), progress, cancelled);
        } catch (IOException e) {
            throw new ApiProblem(422, "Unreadable content", "reading the content failed: " + e.getMessage());
        } catch (MetainfoException e) {
            throw new ApiProblem(422, "Cannot build torrent", e.getMessage());
        }
        return host(metainfo, prepared.uploadedContent(), prepared.seed() ? prepared.dataPath() : null);
    }

    /** Hosts a prepared v1 torrent whose pieces were hashed already (as an upload arrived). */
    public Hosted createFromPieces(Prepared prepared, byte[] v1Pieces) {
        Metainfo metainfo;
        try {
            metainfo = creator.createV1(prepared.content(), prepared.request(), v1Pieces);
        } catch (MetainfoException e) {
            throw new ApiProblem(422, "Cannot build torrent", e.getMessage());
        }
        return host(metainfo, prepared.uploadedContent(), prepared.seed() ? prepared.dataPath() : null);
    }

    /** Hosts an existing .torrent after the checks inspect makes; malformed torrents are a 422 with the offset. */
    public Hosted hostExisting(byte[] torrent) {
        return host(parse(torrent), null, null);
    }

    /** Parses a torrent from outside, leniently; a malformed one is a 422 problem naming the error and its offset. */
    public static Metainfo parse(byte[] torrent) {
        try {
            return MetainfoParser.lenient().parse(torrent);
        } catch (MetainfoException e) {
            throw new ApiProblem(422, "Malformed torrent", e.getMessage(), e.offset() >= 0 ? e.offset() : null);
        }
    }

    private Hosted host(Metainfo metainfo, String uploadedContent, String seedFrom) {
        String id = TorrentRepository.idOf(metainfo);
        Optional<HostedTorrent> existing = repository.find(id);
        if (existing.isPresent()) {
            return new Hosted(existing.get(), false);
        }
        SeedingStatus seeding =
                seedFrom == null ? SeedingStatus.notRequested() : peers.seed(metainfo.encode(), seedFrom);
        HostedTorrent hosted = repository.save(metainfo, uploadedContent, seeding);
        peers.allowOnTracker(trackerHash(metainfo), metainfo.name());
        if (seedFrom != null) {
            peers.addToPool(metainfo.encode()); // after the allowlist: the pool's owners announce it at once
        }
        return new Hosted(hosted, true);
    }

    public boolean delete(String id, boolean deleteContent) {
        Optional<HostedTorrent> hosted = repository.find(id);
        if (hosted.isEmpty()) {
            return false;
        }
        repository.delete(id);
        peers.disallowOnTracker(trackerHash(hosted.get().metainfo()));
        if (deleteContent && hosted.get().uploadedContent() != null) {
            UploadedContent.delete(scanner, hosted.get().uploadedContent());
        }
        return true;
    }

    /** The 20-byte hash trackers know a torrent by: its v1 hash, or its truncated v2 hash. */
    static String trackerHash(Metainfo m) {
        return m.infoHashV1().map(h -> h.hex()).orElseGet(() -> java.util.HexFormat.of()
                .formatHex(m.infoHashV2().orElseThrow().truncated()));
    }
}
