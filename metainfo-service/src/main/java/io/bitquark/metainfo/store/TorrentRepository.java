package io.bitquark.metainfo.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bitquark.metainfo.config.MetainfoConfig;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoException;
import io.bitquark.protocol.metainfo.MetainfoParser;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Hosted torrents on disk, under {@code bitquark.metainfo.torrent-dir}, so that a restart loses nothing and
 * replicas can share the volume:
 *
 * <pre>
 * &lt;id&gt;.torrent   the .torrent file, byte for byte as created or uploaded
 * &lt;id&gt;.json      what we know beside it: hosted-at, uploaded content path, seeding status
 * </pre>
 *
 * Files are written to a temporary name and moved into place atomically. All methods do file I/O: call them
 * from worker threads.
 */
@ApplicationScoped
public class TorrentRepository {

    private static final Logger LOG = Logger.getLogger(TorrentRepository.class);

    private final Path dir;
    private final ObjectMapper json;

    public TorrentRepository(MetainfoConfig config, ObjectMapper json) {
        this.dir = Paths.get(config.torrentDir()).toAbsolutePath().normalize();
        this.json = json;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("torrent directory " + dir + " is not usable", e);
        }
    }

    /** The sidecar's JSON form. */
    record Sidecar(Instant hostedAt, String uploadedContent, SeedingStatus seeding) {}

    /** The id of a torrent: its v1 info-hash in hex, or its v2 one when it has no v1 view. */
    public static String idOf(Metainfo metainfo) {
        return metainfo.infoHashV1()
                .orElseGet(() -> metainfo.infoHashV2().orElseThrow())
                .hex();
    }

    public static boolean isId(String id) {
        return id != null && (id.matches("[0-9a-f]{40}") || id.matches("[0-9a-f]{64}"));
    }

    public Optional<HostedTorrent> find(String id) {
        if (!isId(id)) {
            return Optional.empty();
        }
        Path torrent = dir.resolve(id + ".torrent");
        if (!Files.isRegularFile(torrent)) {
            return Optional.empty();
        }
        try {
            Metainfo metainfo = MetainfoParser.lenient().parse(Files.readAllBytes(torrent));
            Sidecar sidecar = readSidecar(id);
            return Optional.of(new HostedTorrent(
                    id,
                    metainfo,
                    sidecar.hostedAt(),
                    sidecar.uploadedContent(),
                    sidecar.seeding() == null ? SeedingStatus.notRequested() : sidecar.seeding()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MetainfoException e) {
            LOG.warnf("hosted torrent %s no longer parses: %s", id, e.getMessage());
            return Optional.empty();
        }
    }

    /** The raw .torrent bytes of a hosted torrent. */
    public Optional<byte[]> bytes(String id) {
        if (!isId(id)) {
            return Optional.empty();
        }
        try {
            Path torrent = dir.resolve(id + ".torrent");
            return Files.isRegularFile(torrent) ? Optional.of(Files.readAllBytes(torrent)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HostedTorrent save(Metainfo metainfo, String uploadedContent, SeedingStatus seeding) {
        String id = idOf(metainfo);
        Instant now = Instant.now();
        writeAtomically(dir.resolve(id + ".torrent"), metainfo.encode());
        writeSidecar(id, new Sidecar(now, uploadedContent, seeding));
        return new HostedTorrent(id, metainfo, now, uploadedContent, seeding);
    }

    public void updateSeeding(String id, SeedingStatus seeding) {
        Sidecar old = readSidecar(id);
        writeSidecar(id, new Sidecar(old.hostedAt(), old.uploadedContent(), seeding));
    }

    public boolean delete(String id) {
        if (!isId(id)) {
            return false;
        }
        try {
            boolean existed = Files.deleteIfExists(dir.resolve(id + ".torrent"));
            Files.deleteIfExists(dir.resolve(id + ".json"));
            return existed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids of hosted torrents, most recently hosted first. */
    public List<String> ids() {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> torrents =
                    new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(".torrent"))
                            .toList());
            torrents.sort(Comparator.comparing((Path p) -> p.toFile().lastModified())
                    .reversed()
                    .thenComparing(p -> p.getFileName().toString()));
            List<String> ids = new ArrayList<>(torrents.size());
            for (Path p : torrents) {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.length() - ".torrent".length());
                if (isId(id)) {
                    ids.add(id);
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Sidecar readSidecar(String id) {
        Path path = dir.resolve(id + ".json");
        try {
            if (Files.isRegularFile(path)) {
                return json.readValue(path.toFile(), Sidecar.class);
            }
            return new Sidecar(
                    Files.getLastModifiedTime(dir.resolve(id + ".torrent")).toInstant(), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeSidecar(String id, Sidecar sidecar) {
        try {
            writeAtomically(dir.resolve(id + ".json"), json.writeValueAsBytes(sidecar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeAtomically(Path target, byte[] bytes) {
        try {
            Path tmp = Files.createTempFile(dir, ".tmp-", ".part");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
