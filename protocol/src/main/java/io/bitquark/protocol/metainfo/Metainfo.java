package io.bitquark.protocol.metainfo;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BRaw;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.bencode.BencodeEncoder;
import io.bitquark.protocol.hash.PieceHashes;
import io.bitquark.protocol.storage.PathSafety;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed .torrent file (BEP 3 metainfo, BEP 52 v2 and hybrid).
 *
 * <pre>
 * d
 *   announce       &lt;url&gt;                      BEP 3
 *   announce-list  l l&lt;url&gt;... e ... e         BEP 12 tiers
 *   url-list       &lt;url&gt; | l&lt;url&gt;...e         BEP 19 web seeds
 *   httpseeds      l&lt;url&gt;...e                 BEP 17
 *   comment, created by, creation date (seconds since the epoch)
 *   piece layers   d &lt;pieces root&gt; &lt;32-byte hash per piece&gt; ... e        BEP 52
 *   info d
 *     name, piece length, private (BEP 27), source
 *     pieces       &lt;20-byte SHA-1 per piece&gt;                             v1, hybrid
 *     length | files l d length, path l..e, attr, symlink path e ... e    v1, hybrid (BEP 47 attr)
 *     meta version 2, file tree d &lt;name&gt; d ... d "" d length, pieces root e e e e   v2, hybrid
 *   e
 * e
 * </pre>
 *
 * <p>The raw bytes of the info dictionary and the whole original top-level dictionary are kept:
 * {@link #encode()} writes the info bytes back verbatim, so unknown keys survive a round trip and editing
 * anything outside {@code info} ({@link #withField}) never changes the info-hash.
 *
 * <p>Derived facts follow libtorrent's rules:
 * <ul>
 *   <li>{@link #files()} is the torrent's piece space: for v1 and hybrid torrents the v1 {@code files}
 *       list as it is, pad files included; for v2-only torrents the file tree in order, each file followed
 *       by the implied pad that aligns the next offset to a piece boundary (also after the last file).</li>
 *   <li>{@link #fileCount()} counts those entries, pad files included.</li>
 *   <li>{@link #totalSize()} is the sum of their lengths, pad files included; a symlink counts with its own
 *       payload length, which is zero (its {@code length} key is ignored).</li>
 *   <li>{@link #pieceCount()} is {@code ceil(totalSize / pieceLength)}.</li>
 *   <li>{@link #name()} is the {@code name.utf-8} or {@code name} key as it is; unlike libtorrent it is not
 *       rewritten when unsafe but reported by {@link #unsafePaths()}.</li>
 * </ul>
 *
 * <p>Instances are immutable. Parse with {@link MetainfoParser}; create with {@link MetainfoBuilder}.
 */
public final class Metainfo {

    private final BDictionary root;
    private final byte[] infoBytes;
    private final BDictionary info;
    private final MetaVersion version;
    private final InfoHash infoHashV1;
    private final InfoHash infoHashV2;
    private final String name;
    private final long pieceLength;
    private final boolean multiFile;
    private final List<TorrentFile> files;
    private final long totalSize;
    private final int pieceCount;
    private final byte[] pieces;
    private final Map<BString, byte[]> pieceLayers;
    private final List<MetainfoWarning> warnings;

    Metainfo(
            BDictionary root,
            byte[] infoBytes,
            BDictionary info,
            MetaVersion version,
            String name,
            long pieceLength,
            boolean multiFile,
            List<TorrentFile> files,
            long totalSize,
            int pieceCount,
            byte[] pieces,
            Map<BString, byte[]> pieceLayers,
            List<MetainfoWarning> warnings) {
        this.root = root;
        this.infoBytes = infoBytes;
        this.info = info;
        this.version = version;
        this.infoHashV1 = version.hasV1() ? InfoHash.v1Of(infoBytes) : null;
        this.infoHashV2 = version.hasV2() ? InfoHash.v2Of(infoBytes) : null;
        this.name = name;
        this.pieceLength = pieceLength;
        this.multiFile = multiFile;
        this.files = List.copyOf(files);
        this.totalSize = totalSize;
        this.pieceCount = pieceCount;
        this.pieces = pieces;
        this.pieceLayers = Collections.unmodifiableMap(new LinkedHashMap<>(pieceLayers));
        this.warnings = List.copyOf(warnings);
    }

    public MetaVersion version() {
        return version;
    }

    /** SHA-1 of the info bytes; present for v1 and hybrid torrents. */
    public Optional<InfoHash> infoHashV1() {
        return Optional.ofNullable(infoHashV1);
    }

    /** SHA-256 of the info bytes; present for v2 and hybrid torrents. */
    public Optional<InfoHash> infoHashV2() {
        return Optional.ofNullable(infoHashV2);
    }

    /** The hash peers and trackers know this torrent by: v1 when there is one, else v2. */
    public InfoHash primaryInfoHash() {
        return infoHashV1 != null ? infoHashV1 : infoHashV2;
    }

    /** The torrent's name, unsanitized: the directory of a multi-file torrent, the file of a single-file one. */
    public String name() {
        return name;
    }

    /** What is unsafe about {@link #name()} as a path component, or empty when it is safe. */
    public Optional<String> nameProblem() {
        return PathSafety.componentProblem(name);
    }

    public long pieceLength() {
        return pieceLength;
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** Payload bytes, pad files included, symlinks counting zero. */
    public long totalSize() {
        return totalSize;
    }

    /** Number of entries in {@link #files()}, pad files included. */
    public int fileCount() {
        return files.size();
    }

    /** Whether the files live inside a directory named {@link #name()}. */
    public boolean isMultiFile() {
        return multiFile;
    }

    /** The files in piece-space order, pad files included; see the class comment. */
    public List<TorrentFile> files() {
        return files;
    }

    /** The v1 piece hashes, 20 bytes each, concatenated; empty for v2-only torrents. */
    public Optional<byte[]> pieces() {
        return Optional.ofNullable(pieces).map(byte[]::clone);
    }

    /** The SHA-1 of piece {@code index} (v1 and hybrid torrents). */
    public byte[] pieceHash(int index) {
        if (pieces == null) {
            throw new IllegalStateException("a v2-only torrent has no v1 piece hashes");
        }
        if (index < 0 || index >= pieceCount) {
            throw new IndexOutOfBoundsException("piece " + index + " of " + pieceCount);
        }
        return Arrays.copyOfRange(pieces, index * 20, index * 20 + 20);
    }

    /**
     * The verified BEP 52 piece layer of the file with this pieces root: one 32-byte hash per piece. Empty
     * when the torrent carries none for it, or carried one that did not hash to the root (dropped with a
     * warning).
     */
    public Optional<byte[]> pieceLayer(byte[] piecesRoot) {
        return Optional.ofNullable(pieceLayers.get(BString.of(piecesRoot))).map(byte[]::clone);
    }

    /** The pieces roots that have a verified piece layer. */
    public List<byte[]> pieceLayerRoots() {
        List<byte[]> roots = new ArrayList<>();
        for (BString key : pieceLayers.keySet()) {
            roots.add(key.bytes());
        }
        return roots;
    }

    /**
     * What each piece must hash to, to check pieces on disk or as they are downloaded: the SHA-1 {@code pieces}
     * for v1 and hybrid torrents, the BEP 52 pieces roots and piece layers for v2-only ones (a piece of a file
     * whose layer the torrent lacks never verifies). Built on each call.
     */
    public PieceHashes pieceHashes() {
        int length = (int) pieceLength;
        if (pieces != null) {
            return PieceHashes.v1(length, totalSize, pieces);
        }
        PieceHashes.V2Builder v2 = PieceHashes.v2(length, totalSize);
        for (TorrentFile f : files) {
            byte[] root = f.piecesRoot();
            if (!f.isPadding() && f.length() > 0 && root != null) {
                v2.file(f.offset(), f.length(), root, pieceLayers.get(BString.of(root)));
            }
        }
        return v2.build();
    }

    /**
     * Whether every v2 file larger than one piece has a verified piece layer; files of at most one piece
     * need none (their pieces root is the hash of their only piece).
     */
    public boolean hasAllPieceLayers() {
        if (!version.hasV2()) {
            return true;
        }
        for (TorrentFile f : files) {
            if (f.length() > pieceLength
                    && f.piecesRoot() != null
                    && !pieceLayers.containsKey(BString.of(f.piecesRoot()))) {
                return false;
            }
        }
        return true;
    }

    /** BEP 27: {@code private} set to a non-zero integer in the info dictionary. */
    public boolean isPrivate() {
        Long p = info.getLong("private");
        return p != null && p != 0;
    }

    /** The {@code source} key of the info dictionary (used to make cross-seeded copies distinct). */
    public Optional<String> source() {
        return Optional.ofNullable(info.getText("source"));
    }

    /** The {@code announce} URL, leading whitespace removed; empty when absent or blank. */
    public Optional<String> announce() {
        return Optional.ofNullable(url(root.get("announce")));
    }

    /**
     * The tracker tiers (BEP 12): {@code announce-list} when it names any tracker, otherwise a single tier
     * holding {@code announce}. URLs have leading whitespace removed; blank ones and non-strings are skipped.
     */
    public List<List<String>> announceTiers() {
        List<List<String>> tiers = new ArrayList<>();
        if (root.get("announce-list") instanceof BList list) {
            for (BValue tier : list.values()) {
                if (tier instanceof BList urls) {
                    List<String> t = urls(urls);
                    if (!t.isEmpty()) {
                        tiers.add(t);
                    }
                }
            }
        }
        if (tiers.isEmpty()) {
            announce().ifPresent(a -> tiers.add(List.of(a)));
        }
        return List.copyOf(tiers);
    }

    /** BEP 19 web seeds from {@code url-list} (a string or a list of strings), blanks skipped. */
    public List<String> webSeeds() {
        return urlsOf(root.get("url-list"));
    }

    /** BEP 17 HTTP seeds from {@code httpseeds}, blanks skipped. */
    public List<String> httpSeeds() {
        return urlsOf(root.get("httpseeds"));
    }

    public Optional<String> comment() {
        return Optional.ofNullable(text("comment"));
    }

    public Optional<String> createdBy() {
        return Optional.ofNullable(text("created by"));
    }

    /** {@code creation date} as stored (seconds since the epoch by convention); absent when negative. */
    public OptionalLong creationDateSeconds() {
        Long d = root.getLong("creation date");
        return d == null || d < 0 ? OptionalLong.empty() : OptionalLong.of(d);
    }

    /** {@code creation date} as an instant, when it is one that {@link Instant} can represent. */
    public Optional<Instant> creationDate() {
        OptionalLong d = creationDateSeconds();
        if (d.isEmpty() || d.getAsLong() > Instant.MAX.getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(d.getAsLong()));
    }

    /**
     * Problems tolerated while parsing: non-canonical bencode, piece layers that did not match their root
     * and were dropped, piece layers for unknown roots.
     */
    public List<MetainfoWarning> warnings() {
        return warnings;
    }

    /**
     * Every name, path and symlink target that is not safe to create under a directory, described; empty
     * when the torrent can be mapped onto a disk as it is. See {@link PathSafety} and {@link ContentLayout}.
     */
    public List<String> unsafePaths() {
        List<String> unsafe = new ArrayList<>();
        nameProblem().ifPresent(p -> unsafe.add("name '" + name + "': " + p));
        for (TorrentFile f : files) {
            if (!f.isPadding()) {
                f.pathProblem().ifPresent(p -> unsafe.add("file '" + f.displayPath() + "': " + p));
            }
        }
        return List.copyOf(unsafe);
    }

    public boolean hasUnsafePaths() {
        return !unsafePaths().isEmpty();
    }

    /** A copy of the exact bytes of the info dictionary, as hashed for the info-hash. */
    public byte[] infoBytes() {
        return infoBytes.clone();
    }

    /** The info dictionary as decoded (its keys in their original order). */
    public BDictionary info() {
        return info;
    }

    /** The whole top-level dictionary as decoded, unknown keys included. */
    public BDictionary root() {
        return root;
    }

    /**
     * The torrent as bencode: the top-level dictionary with canonically sorted keys and the info dictionary
     * written back byte for byte.
     */
    public byte[] encode() {
        return BencodeEncoder.encode(withRawInfo(root.toBuilder()).build());
    }

    /**
     * This torrent with a top-level key set to a new value ({@code comment}, {@code announce-list}, an
     * unknown key...). The info dictionary, and so the info-hash, stay exactly as they are.
     *
     * @throws IllegalArgumentException for the key {@code info}
     */
    public Metainfo withField(String key, BValue value) throws MetainfoException {
        requireNotInfo(key);
        return reparse(root.toBuilder().put(key, value));
    }

    /** This torrent without a top-level key; the info-hash is unchanged. */
    public Metainfo withoutField(String key) throws MetainfoException {
        requireNotInfo(key);
        return reparse(root.toBuilder().remove(key));
    }

    private Metainfo reparse(BDictionary.Builder edited) throws MetainfoException {
        return MetainfoParser.lenient()
                .parse(BencodeEncoder.encode(withRawInfo(edited).build()));
    }

    private BDictionary.Builder withRawInfo(BDictionary.Builder b) {
        return b.put("info", new BRaw(infoBytes));
    }

    private static void requireNotInfo(String key) {
        if (key.equals("info")) {
            throw new IllegalArgumentException("the info dictionary cannot be edited: it defines the info-hash");
        }
    }

    private String text(String key) {
        String utf8 = root.getText(key + ".utf-8");
        return utf8 != null ? utf8 : root.getText(key);
    }

    private static List<String> urlsOf(BValue value) {
        if (value instanceof BString) {
            String u = url(value);
            return u == null ? List.of() : List.of(u);
        }
        if (value instanceof BList list) {
            return urls(list);
        }
        return List.of();
    }

    private static List<String> urls(BList list) {
        List<String> urls = new ArrayList<>();
        for (BValue v : list.values()) {
            String u = url(v);
            if (u != null && !urls.contains(u)) {
                urls.add(u);
            }
        }
        return List.copyOf(urls);
    }

    private static String url(BValue value) {
        if (!(value instanceof BString s)) {
            return null;
        }
        String u = s.utf8().stripLeading();
        return u.isEmpty() ? null : u;
    }

    /** Equal when the info bytes and every top-level key other than {@code info} are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Metainfo other
                && Arrays.equals(other.infoBytes, infoBytes)
                && other.root.toBuilder()
                        .remove("info")
                        .build()
                        .equals(root.toBuilder().remove("info").build());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(infoBytes);
    }

    @Override
    public String toString() {
        return "Metainfo[" + name + ", " + version + ", " + primaryInfoHash() + ", " + fileCount() + " files, "
                + totalSize + " bytes]";
    }
}
