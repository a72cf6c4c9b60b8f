package io.bitquark.seeder.storage;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BInteger;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.bencode.BencodeDecoder;
import io.bitquark.protocol.bencode.BencodeEncoder;
import io.bitquark.protocol.bencode.BencodeException;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Fast resume: the verified pieces of a torrent and the size and modification time of each of its data files
 * when they verified, so that a restart hashes again only what may have changed.
 *
 * <pre>
 * d
 *   content path  &lt;absolute path, UTF-8&gt;
 *   files         l l i&lt;size&gt;e i&lt;mtime, ns since the epoch&gt;e e ... e   one per data file, size -1 = missing
 *   info hash     &lt;20 or 32 bytes: the primary info-hash&gt;
 *   piece count   i&lt;pieces&gt;e
 *   pieces        &lt;bitfield: BEP 3 order, the high bit of the first byte is piece 0&gt;
 *   version       i1e
 * e
 * </pre>
 *
 * <p><b>Policy</b> ({@link #planFor}). The saved state is used only for the same info-hash, piece count,
 * content path and number of data files; otherwise every piece is checked. A file whose size or modification
 * time differs from the saved stamp invalidates exactly the pieces that hold its bytes: they are all hashed
 * again (a piece crossing into an unchanged file included; pieces that had failed too, since the file may be
 * complete now). Every other piece keeps its saved state without being read: verified stays verified, and
 * a piece that had not verified stays unverified until a full check. The stamps saved are those taken just
 * before the check that verified the pieces, so a file changed during or after that check always counts as
 * changed. A rewrite that keeps both size and modification time is not seen.
 *
 * <p><b>A torrent that downloads</b> ({@link #planForDownload}) writes its files all the time, so their stamps
 * say nothing: a file changed by the download would re-hash the whole file after every restart. There, each
 * recorded piece is trusted without being read as long as every file holding its bytes is long enough to hold
 * them (the pieces are written before they are recorded, so after a crash a recorded piece is on disk), and every
 * piece not recorded is hashed: what was written after the last save is found again.
 */
public final class ResumeData {

    /** The format version written in {@code version}. */
    public static final long VERSION = 1;

    private final byte[] infoHash;
    private final String contentPath;
    private final int pieceCount;
    private final List<FileStamp> stamps;
    private final BitSet verified;

    private ResumeData(byte[] infoHash, String contentPath, int pieceCount, List<FileStamp> stamps, BitSet verified) {
        this.infoHash = infoHash.clone();
        this.contentPath = contentPath;
        this.pieceCount = pieceCount;
        this.stamps = List.copyOf(stamps);
        this.verified = (BitSet) verified.clone();
    }

    /** The state of {@code storage} now: its verified pieces and the stamps of the check they came from. */
    public static ResumeData of(TorrentStorage storage) {
        return new ResumeData(
                storage.metainfo().primaryInfoHash().bytes(),
                storage.contentPath().toString(),
                storage.pieceCount(),
                storage.baselineStamps(),
                storage.verifiedPieces());
    }

    public BitSet verified() {
        return (BitSet) verified.clone();
    }

    public List<FileStamp> stamps() {
        return stamps;
    }

    /** Which pieces of {@code storage} stand as saved and which to hash again; see the class comment. */
    public ResumePlan planFor(TorrentStorage storage) {
        Optional<ResumePlan> unusable = unusableFor(storage);
        if (unusable.isPresent()) {
            return unusable.get();
        }
        List<FileStamp> now = storage.currentStamps();
        BitSet recheck = new BitSet(pieceCount);
        List<String> changed = new ArrayList<>();
        for (StorageFile f : storage.files()) {
            if (!now.get(f.index()).equals(stamps.get(f.index()))) {
                recheck.set(f.firstPiece(), f.endPiece());
                changed.add(f.file().displayPath());
            }
        }
        BitSet trusted = verified();
        trusted.andNot(recheck);
        String reason = changed.isEmpty() ? "" : "changed on disk: " + String.join(", ", changed);
        return new ResumePlan(true, trusted, recheck, reason);
    }

    /** Which pieces of a downloading torrent stand as saved and which to hash; see the class comment. */
    public ResumePlan planForDownload(TorrentStorage storage) {
        Optional<ResumePlan> unusable = unusableFor(storage);
        if (unusable.isPresent()) {
            return unusable.get();
        }
        List<FileStamp> now = storage.currentStamps();
        BitSet trusted = verified();
        for (StorageFile f : storage.files()) {
            long size = now.get(f.index()).size();
            for (int p = trusted.nextSetBit(f.firstPiece());
                    p >= 0 && p < f.endPiece();
                    p = trusted.nextSetBit(p + 1)) {
                long pieceEnd = (long) (p + 1) * storage.metainfo().pieceLength();
                long needed = Math.min(f.length(), pieceEnd - f.offset());
                if (size < needed) {
                    trusted.clear(p);
                }
            }
        }
        BitSet recheck = new BitSet(pieceCount);
        recheck.set(0, pieceCount);
        recheck.andNot(trusted);
        return new ResumePlan(true, trusted, recheck, "");
    }

    /** A full check, when this resume data is not {@code storage}'s: another torrent, layout or content path. */
    private Optional<ResumePlan> unusableFor(TorrentStorage storage) {
        if (!Arrays.equals(infoHash, storage.metainfo().primaryInfoHash().bytes())) {
            return Optional.of(ResumePlan.fullCheck(storage, "resume data belongs to another torrent"));
        }
        if (pieceCount != storage.pieceCount()
                || stamps.size() != storage.files().size()) {
            return Optional.of(ResumePlan.fullCheck(storage, "resume data has another piece count or file count"));
        }
        if (!contentPath.equals(storage.contentPath().toString())) {
            return Optional.of(ResumePlan.fullCheck(storage, "resume data was saved for " + contentPath));
        }
        return Optional.empty();
    }

    /** Writes the resume data to {@code file}, replacing it atomically where the file system allows. */
    public void save(Path file) throws IOException {
        List<BValue> files = new ArrayList<>(stamps.size());
        for (FileStamp s : stamps) {
            files.add(BList.of(BInteger.of(s.size()), BInteger.of(s.modifiedNanos())));
        }
        BDictionary dict = BDictionary.builder()
                .put("content path", contentPath)
                .put("files", BList.of(files))
                .put("info hash", infoHash)
                .put("piece count", pieceCount)
                .put("pieces", PeerMessage.Bitfield.of(verified, pieceCount).bits())
                .put("version", VERSION)
                .build();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(temp, BencodeEncoder.encode(dict));
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The resume data saved in {@code file}; empty when there is none.
     *
     * @throws IOException when the file cannot be read or is not resume data of this format (the caller
     *                     then checks every piece)
     */
    public static Optional<ResumeData> load(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            if (!(BencodeDecoder.strict().decodeValue(bytes) instanceof BDictionary d)) {
                throw malformed(file, "not a dictionary");
            }
            Long version = d.getLong("version");
            if (version == null || version != VERSION) {
                throw malformed(file, "version " + version + ", expected " + VERSION);
            }
            BString infoHash = d.getString("info hash");
            String contentPath = d.getText("content path");
            Long pieceCount = d.getLong("piece count");
            BString pieces = d.getString("pieces");
            BList files = d.getList("files");
            if (infoHash == null
                    || contentPath == null
                    || pieceCount == null
                    || pieces == null
                    || files == null
                    || pieceCount < 0
                    || pieceCount > Integer.MAX_VALUE) {
                throw malformed(file, "a key is missing or of the wrong type");
            }
            PeerMessage.Bitfield bitfield = new PeerMessage.Bitfield(pieces.bytes());
            bitfield.validateFor(pieceCount.intValue());
            return Optional.of(new ResumeData(
                    infoHash.bytes(), contentPath, pieceCount.intValue(), stamps(file, files), bitfield.toBitSet()));
        } catch (BencodeException | PeerWireException e) {
            throw new IOException("malformed resume data in " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<FileStamp> stamps(Path file, BList files) throws IOException {
        List<FileStamp> stamps = new ArrayList<>(files.size());
        for (BValue v : files.values()) {
            if (!(v instanceof BList pair)
                    || pair.size() != 2
                    || !(pair.get(0) instanceof BInteger size)
                    || !(pair.get(1) instanceof BInteger modified)
                    || size.value() < -1) {
                throw malformed(file, "a file entry is not [size, mtime]");
            }
            stamps.add(size.value() < 0 ? FileStamp.MISSING : new FileStamp(size.value(), modified.value()));
        }
        return stamps;
    }

    private static IOException malformed(Path file, String why) {
        return new IOException("malformed resume data in " + file + ": " + why);
    }
}
