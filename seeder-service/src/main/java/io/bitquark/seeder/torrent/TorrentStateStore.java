package io.bitquark.seeder.torrent;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BencodeDecoder;
import io.bitquark.protocol.bencode.BencodeEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The set of seeded torrents on disk, under the state directory, so that every torrent comes back after a
 * restart without being added again:
 *
 * <pre>
 * state-dir/
 *   &lt;id&gt;.torrent   the metainfo as it was added (the info dict byte-for-byte)
 *   &lt;id&gt;.state     bencoded {"added": int, "data path": str, "download": 0|1, "paused": 0|1,
 *                  "download rate limit": int, "upload rate limit": int (each only when the torrent sets it)}
 *   &lt;id&gt;.resume    fast-resume data (file sizes, modification times, verified pieces)
 *   &lt;id&gt;.magnet    a magnet link whose metadata is being fetched, with its .state (data path "" for the
 *                  torrent's name); replaced by a .torrent once the metadata is in
 * </pre>
 *
 * Every file is written to a temporary name and moved into place, so a crash never leaves half a file.
 */
public final class TorrentStateStore {

    private static final Logger LOG = Logger.getLogger(TorrentStateStore.class);

    private final Path dir;

    public TorrentStateStore(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + dir, e);
        }
    }

    /** A torrent found in the state directory at start-up. */
    public record Stored(String id, byte[] torrent, TorrentRecord record) {}

    /** A magnet link found in the state directory at start-up, whose metadata had not arrived. */
    public record StoredSearch(String id, String magnet, TorrentRecord record) {}

    public void save(String id, byte[] torrent, TorrentRecord record) throws IOException {
        write(dir.resolve(id + ".torrent"), torrent);
        saveRecord(id, record);
    }

    public void saveRecord(String id, TorrentRecord record) throws IOException {
        BDictionary.Builder state = BDictionary.builder()
                .put("added", record.addedAt())
                .put("data path", record.dataPath())
                .put("download", record.download() ? 1 : 0)
                .put("paused", record.paused() ? 1 : 0);
        if (record.limits().downloadRate() != null) {
            state.put("download rate limit", record.limits().downloadRate());
        }
        if (record.limits().uploadRate() != null) {
            state.put("upload rate limit", record.limits().uploadRate());
        }
        write(dir.resolve(id + ".state"), BencodeEncoder.encode(state.build()));
    }

    /** Keeps a magnet link whose metadata is being fetched, with what its add request asked for. */
    public void saveSearch(String id, String magnet, TorrentRecord record) throws IOException {
        write(dir.resolve(id + ".magnet"), magnet.getBytes(StandardCharsets.UTF_8));
        saveRecord(id, record);
    }

    /** Forgets the magnet link of {@code id} (its metadata arrived and its .torrent is saved, or it was refused). */
    public void deleteSearch(String id) throws IOException {
        Files.deleteIfExists(dir.resolve(id + ".magnet"));
    }

    /**
     * Every stored magnet link that has no .torrent yet (a crash between saving the .torrent and deleting the link
     * leaves both: the torrent wins); one whose files are unreadable is logged and skipped.
     */
    public List<StoredSearch> loadSearches() throws IOException {
        List<StoredSearch> out = new ArrayList<>();
        for (String id : ids(".magnet")) {
            if (Files.exists(dir.resolve(id + ".torrent"))) {
                continue;
            }
            load(
                    "magnet link",
                    id,
                    ".magnet",
                    (bytes, record) ->
                            out.add(new StoredSearch(id, new String(bytes, StandardCharsets.UTF_8), record)));
        }
        return out;
    }

    /** Where the fast-resume data of torrent {@code id} lives. */
    public Path resumeFile(String id) {
        return dir.resolve(id + ".resume");
    }

    public void delete(String id) throws IOException {
        for (String suffix : List.of(".torrent", ".state", ".resume", ".magnet")) {
            Files.deleteIfExists(dir.resolve(id + suffix));
        }
    }

    /** Every stored torrent; one whose files are unreadable is logged and skipped, never fatal. */
    public List<Stored> loadAll() throws IOException {
        List<Stored> out = new ArrayList<>();
        for (String id : ids(".torrent")) {
            load("torrent", id, ".torrent", (bytes, record) -> out.add(new Stored(id, bytes, record)));
        }
        return out;
    }

    /** The ids of the files named {@code <id><suffix>}, sorted. */
    private List<String> ids(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(suffix))
                    .map(name -> name.substring(0, name.length() - suffix.length()))
                    .sorted()
                    .toList();
        }
    }

    /** Reads {@code <id><suffix>} and {@code <id>.state} into {@code found}; logs and skips what is unreadable. */
    private void load(String what, String id, String suffix, BiConsumer<byte[], TorrentRecord> found) {
        try {
            Optional<TorrentRecord> record = readRecord(id);
            if (record.isEmpty()) {
                LOG.warnf("state of %s %s is missing; skipped", what, id);
                return;
            }
            found.accept(Files.readAllBytes(dir.resolve(id + suffix)), record.get());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("state of %s %s is unreadable (%s); skipped", what, id, e.getMessage());
        }
    }

    private Optional<TorrentRecord> readRecord(String id) throws IOException {
        Path file = dir.resolve(id + ".state");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            BDictionary d = (BDictionary) BencodeDecoder.strict().decodeValue(Files.readAllBytes(file));
            String dataPath = d.getText("data path");
            if (dataPath == null) {
                throw new IOException("no 'data path'");
            }
            return Optional.of(new TorrentRecord(
                    dataPath,
                    flag(d, "paused"),
                    flag(d, "download"),
                    d.getLong("added") == null ? 0L : d.getLong("added"),
                    new TorrentLimits(d.getLong("upload rate limit"), d.getLong("download rate limit"))));
        } catch (Exception e) {
            throw new IOException("malformed state file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean flag(BDictionary d, String key) {
        Long v = d.getLong(key);
        return v != null && v != 0;
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
