package io.bitquark.protocol.metainfo;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.bencode.BencodeEncoder;
import io.bitquark.protocol.storage.PathSafety;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Creates canonical torrents (full layout on {@link Metainfo}): sorted keys, shortest integers, nothing
 * but the keys asked for. What it writes, by version:
 *
 * <pre>
 * d announce, announce-list (when more than one URL), url-list l..e, httpseeds l..e, comment, created by,
 *   creation date (only when set), piece layers d..e (v2, hybrid)
 *   info d name, piece length, private i1e (when set), source,
 *          pieces + length | files l d [attr] length path [symlink path] e ... e     (v1, hybrid)
 *          meta version i2e, file tree d ... e                                       (v2, hybrid)
 *   e
 * e
 * </pre>
 *
 * <p>{@link #build()} encodes the torrent and parses it back with
 * {@link MetainfoParser#strict()}, so whatever it returns passes every rule the parser enforces, and any
 * inconsistency in the input (wrong number of piece hashes, a piece layer that does not hash to its root,
 * an unsafe path) is a {@link MetainfoException}.
 *
 * <p>The caller supplies the hashes: v1 {@code pieces} are SHA-1 over the payload described by
 * {@link #layout()}; v2 pieces roots and piece layers (BEP 52) come per file. For a hybrid the builder
 * inserts BEP 47 pad files ({@code path [".pad", "<length>"]}, {@code attr "p"}) into the v1 list so that
 * every file after the first starts on a piece boundary; it adds none after the last file (libtorrent 2.0.8
 * pads the last file of a multi-file hybrid too; both forms are valid and libtorrent loads ours, but the
 * info-hashes of the two differ).
 * The v1 payload of a hybrid is therefore each file but the last followed by zeros up to the next piece
 * boundary.
 *
 * <p>Files of v2 and hybrid torrents must be added in file tree order, {@link #FILE_TREE_ORDER}: BEP 52
 * fixes the order by the sorted keys of the tree, and the v1 hashes of a hybrid follow it. A single-file
 * torrent names its file with the torrent name.
 *
 * <p>Builders are mutable and not thread-safe.
 */
public final class MetainfoBuilder {

    /** The order of files in a BEP 52 file tree: path components compared as raw UTF-8 bytes, unsigned. */
    public static final Comparator<List<String>> FILE_TREE_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Arrays.compareUnsigned(utf8(a.get(i)), utf8(b.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private static final Set<String> TOP_LEVEL_KEYS = Set.of(
            "info",
            "announce",
            "announce-list",
            "url-list",
            "httpseeds",
            "comment",
            "created by",
            "creation date",
            "piece layers");
    private static final Set<String> INFO_KEYS = Set.of(
            "name",
            "piece length",
            "pieces",
            "length",
            "files",
            "meta version",
            "file tree",
            "private",
            "source",
            "attr",
            "symlink path");

    private record FileSpec(
            List<String> path,
            long length,
            Set<FileAttribute> attributes,
            List<String> symlinkPath,
            byte[] piecesRoot) {}

    private final MetaVersion version;
    private final String name;
    private final long pieceLength;
    private final List<FileSpec> files = new ArrayList<>();
    private Boolean singleFile;
    private byte[] pieces;
    private final Map<BString, byte[]> pieceLayers = new LinkedHashMap<>();
    private List<List<String>> announceTiers = List.of();
    private List<String> webSeeds = List.of();
    private List<String> httpSeeds = List.of();
    private boolean isPrivate;
    private String source;
    private String comment;
    private String createdBy;
    private Instant creationDate;
    private final Map<String, BValue> extensions = new LinkedHashMap<>();
    private final Map<String, BValue> infoExtensions = new LinkedHashMap<>();

    private MetainfoBuilder(MetaVersion version, String name, long pieceLength) {
        this.version = version;
        this.name = Objects.requireNonNull(name, "name");
        this.pieceLength = pieceLength;
    }

    /** A BEP 3 torrent: SHA-1 piece hashes only. */
    public static MetainfoBuilder v1(String name, long pieceLength) {
        return new MetainfoBuilder(MetaVersion.V1, name, pieceLength);
    }

    /** A BEP 52 v2-only torrent: piece length a power of two of at least 16 KiB. */
    public static MetainfoBuilder v2(String name, long pieceLength) {
        return new MetainfoBuilder(MetaVersion.V2, name, pieceLength);
    }

    /** A BEP 52 hybrid torrent, readable by v1 and v2 clients. */
    public static MetainfoBuilder hybrid(String name, long pieceLength) {
        return new MetainfoBuilder(MetaVersion.HYBRID, name, pieceLength);
    }

    /** Makes this a single-file torrent of a v1 file: the file is named by the torrent name. */
    public MetainfoBuilder singleFile(long length) {
        return singleFile(length, Set.of(), null);
    }

    /** Makes this a single-file torrent; {@code piecesRoot} is required for v2 and hybrid unless empty. */
    public MetainfoBuilder singleFile(long length, Set<FileAttribute> attributes, byte[] piecesRoot) {
        if (singleFile != null) {
            throw new IllegalStateException("the files of this torrent are already set");
        }
        singleFile = true;
        files.add(spec(List.of(name), length, attributes, List.of(), piecesRoot));
        return this;
    }

    /** Adds a v1 file to a multi-file torrent. */
    public MetainfoBuilder addFile(List<String> path, long length) {
        return addFile(path, length, Set.of(), null);
    }

    /**
     * Adds a file to a multi-file torrent; its path is relative to the torrent's directory.
     * {@code piecesRoot} is required for a non-empty file of a v2 or hybrid torrent and refused for v1.
     * {@link FileAttribute#PAD} is accepted only for v1, where pad files are the caller's.
     */
    public MetainfoBuilder addFile(List<String> path, long length, Set<FileAttribute> attributes, byte[] piecesRoot) {
        if (attributes.contains(FileAttribute.SYMLINK)) {
            throw new IllegalArgumentException("add symlinks with addSymlink");
        }
        return addMultiFile(spec(path, length, attributes, List.of(), piecesRoot));
    }

    /** Adds a symbolic link (BEP 47); {@code target} is relative to the torrent's directory. */
    public MetainfoBuilder addSymlink(List<String> path, List<String> target) {
        return addMultiFile(spec(path, 0, EnumSet.of(FileAttribute.SYMLINK), target, null));
    }

    private MetainfoBuilder addMultiFile(FileSpec file) {
        if (Boolean.TRUE.equals(singleFile)) {
            throw new IllegalStateException("a single-file torrent cannot have more files");
        }
        singleFile = false;
        if (version.hasV2() && file.attributes().contains(FileAttribute.PAD)) {
            throw new IllegalArgumentException("pad files of v2 and hybrid torrents are inserted by the builder");
        }
        if (version.hasV2()
                && !files.isEmpty()
                && FILE_TREE_ORDER.compare(files.get(files.size() - 1).path(), file.path()) >= 0) {
            throw new IllegalArgumentException("files of a v2 or hybrid torrent must be added in file tree order"
                    + " (FILE_TREE_ORDER): '" + String.join("/", file.path()) + "' after '"
                    + String.join("/", files.get(files.size() - 1).path()) + "'");
        }
        files.add(file);
        return this;
    }

    private FileSpec spec(
            List<String> path, long length, Set<FileAttribute> attributes, List<String> target, byte[] piecesRoot) {
        if (length < 0) {
            throw new IllegalArgumentException("negative file length " + length);
        }
        if (piecesRoot != null && !version.hasV2()) {
            throw new IllegalArgumentException("a v1 torrent has no pieces roots");
        }
        EnumSet<FileAttribute> attrs = EnumSet.noneOf(FileAttribute.class);
        attrs.addAll(attributes);
        return new FileSpec(
                List.copyOf(path), length, attrs, List.copyOf(target), piecesRoot == null ? null : piecesRoot.clone());
    }

    /** The v1 piece hashes, 20 bytes per piece, concatenated (v1 and hybrid). */
    public MetainfoBuilder pieces(byte[] sha1Hashes) {
        if (!version.hasV1()) {
            throw new IllegalArgumentException("a v2-only torrent has no v1 pieces");
        }
        this.pieces = sha1Hashes.clone();
        return this;
    }

    /** The BEP 52 piece layer of the file with this pieces root, for files larger than one piece. */
    public MetainfoBuilder pieceLayer(byte[] piecesRoot, byte[] layer) {
        if (!version.hasV2()) {
            throw new IllegalArgumentException("a v1 torrent has no piece layers");
        }
        pieceLayers.put(BString.of(piecesRoot), layer.clone());
        return this;
    }

    /** Tracker tiers (BEP 12); the first URL also becomes {@code announce}. */
    public MetainfoBuilder announceTiers(List<List<String>> tiers) {
        List<List<String>> copy = new ArrayList<>();
        for (List<String> tier : tiers) {
            if (!tier.isEmpty()) {
                copy.add(List.copyOf(tier));
            }
        }
        this.announceTiers = List.copyOf(copy);
        return this;
    }

    /** BEP 19 web seeds, written as the {@code url-list} list. */
    public MetainfoBuilder webSeeds(List<String> urls) {
        this.webSeeds = List.copyOf(urls);
        return this;
    }

    /** BEP 17 HTTP seeds, written as the {@code httpseeds} list. */
    public MetainfoBuilder httpSeeds(List<String> urls) {
        this.httpSeeds = List.copyOf(urls);
        return this;
    }

    /** BEP 27: {@code private 1} in the info dictionary. */
    public MetainfoBuilder privateTorrent(boolean isPrivate) {
        this.isPrivate = isPrivate;
        return this;
    }

    /** The info dictionary's {@code source}, which gives cross-seeded copies distinct info-hashes. */
    public MetainfoBuilder source(String source) {
        this.source = source;
        return this;
    }

    public MetainfoBuilder comment(String comment) {
        this.comment = comment;
        return this;
    }

    public MetainfoBuilder createdBy(String createdBy) {
        this.createdBy = createdBy;
        return this;
    }

    /** The {@code creation date}, whole seconds; left out when never set, which keeps builds reproducible. */
    public MetainfoBuilder creationDate(Instant creationDate) {
        this.creationDate = creationDate;
        return this;
    }

    /** An extra top-level key this builder does not otherwise write. */
    public MetainfoBuilder extension(String key, BValue value) {
        if (TOP_LEVEL_KEYS.contains(key)) {
            throw new IllegalArgumentException("'" + key + "' is written by the builder itself");
        }
        extensions.put(key, value);
        return this;
    }

    /** An extra info-dictionary key (it becomes part of the info-hash). */
    public MetainfoBuilder infoExtension(String key, BValue value) {
        if (INFO_KEYS.contains(key)) {
            throw new IllegalArgumentException("'" + key + "' is written by the builder itself");
        }
        infoExtensions.put(key, value);
        return this;
    }

    /**
     * The files in the piece space the torrent will have, offsets set, pad files included: what the v1
     * {@code pieces} must hash. For v2-only torrents each file is followed by its implied pad.
     */
    public List<TorrentFile> layout() {
        List<TorrentFile> out = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < files.size(); i++) {
            FileSpec f = files.get(i);
            out.add(new TorrentFile(f.path(), f.length(), offset, f.attributes(), f.symlinkPath(), f.piecesRoot()));
            offset += f.length();
            long tail = f.length() % pieceLength;
            boolean last = i == files.size() - 1;
            if (tail != 0 && (version == MetaVersion.V2 || version == MetaVersion.HYBRID && !last)) {
                long pad = pieceLength - tail;
                out.add(new TorrentFile(
                        List.of(".pad", Long.toString(pad)),
                        pad,
                        offset,
                        EnumSet.of(FileAttribute.PAD),
                        List.of(),
                        null));
                offset += pad;
            }
        }
        return out;
    }

    /** The number of pieces the torrent will have: how many 20-byte hashes {@link #pieces} takes. */
    public long pieceCount() {
        long total = 0;
        for (TorrentFile f : layout()) {
            total += f.length();
        }
        return pieceLength <= 0 ? 0 : (total + pieceLength - 1) / pieceLength;
    }

    /**
     * Encodes the torrent canonically and parses it back strictly.
     *
     * @throws MetainfoException when the result would break a metainfo rule or hold an unsafe path
     */
    public Metainfo build() throws MetainfoException {
        if (files.isEmpty()) {
            throw new MetainfoException(MetainfoException.Kind.NO_FILES, "a torrent needs at least one file");
        }
        checkPaths();
        BDictionary.Builder info = BDictionary.builder();
        infoExtensions.forEach(info::put);
        info.put("name", name).put("piece length", pieceLength);
        if (isPrivate) {
            info.put("private", 1);
        }
        info.putIfPresent("source", source);
        if (version.hasV1()) {
            if (pieces != null) {
                info.put("pieces", pieces);
            }
            if (singleFile) {
                FileSpec f = files.get(0);
                info.put("length", f.length());
                putAttributes(info, f);
            } else {
                List<BValue> list = new ArrayList<>();
                for (TorrentFile f : version == MetaVersion.HYBRID ? layout() : v1Files()) {
                    list.add(v1Entry(f));
                }
                info.put("files", BList.of(list));
            }
        }
        if (version.hasV2()) {
            info.put("meta version", 2);
            info.put("file tree", fileTree());
        }

        BDictionary.Builder root = BDictionary.builder();
        extensions.forEach(root::put);
        root.put("info", info.build());
        putTrackers(root);
        if (!webSeeds.isEmpty()) {
            root.put("url-list", strings(webSeeds));
        }
        if (!httpSeeds.isEmpty()) {
            root.put("httpseeds", strings(httpSeeds));
        }
        root.putIfPresent("comment", comment);
        root.putIfPresent("created by", createdBy);
        if (creationDate != null) {
            root.put("creation date", creationDate.getEpochSecond());
        }
        if (version.hasV2()) {
            BDictionary.Builder layers = BDictionary.builder();
            pieceLayers.forEach((k, v) -> layers.put(k, BString.of(v)));
            root.put("piece layers", layers.build());
        }
        return MetainfoParser.strict().parse(BencodeEncoder.encode(root.build()));
    }

    private List<TorrentFile> v1Files() {
        List<TorrentFile> out = new ArrayList<>();
        for (FileSpec f : files) {
            out.add(new TorrentFile(f.path(), f.length(), 0, f.attributes(), f.symlinkPath(), null));
        }
        return out;
    }

    private void checkPaths() throws MetainfoException {
        if (PathSafety.componentProblem(name).isPresent()) {
            throw new MetainfoException(
                    MetainfoException.Kind.UNSAFE_PATH,
                    "unsafe name '" + name + "': "
                            + PathSafety.componentProblem(name).get());
        }
        Set<List<String>> seen = new HashSet<>();
        Set<List<String>> directories = new HashSet<>();
        for (FileSpec f : files) {
            String display = String.join("/", f.path());
            if (PathSafety.pathProblem(f.path()).isPresent()) {
                throw new MetainfoException(
                        MetainfoException.Kind.UNSAFE_PATH,
                        "unsafe path '" + display + "': "
                                + PathSafety.pathProblem(f.path()).get());
            }
            if (f.attributes().contains(FileAttribute.SYMLINK)
                    && PathSafety.pathProblem(f.symlinkPath()).isPresent()) {
                throw new MetainfoException(
                        MetainfoException.Kind.UNSAFE_PATH,
                        "unsafe symlink target of '" + display + "': "
                                + PathSafety.pathProblem(f.symlinkPath()).get());
            }
            if (!seen.add(f.path()) || directories.contains(f.path())) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_PATH, "two entries share the path '" + display + "'");
            }
            for (int i = 1; i < f.path().size(); i++) {
                List<String> dir = f.path().subList(0, i);
                directories.add(dir);
                if (seen.contains(dir)) {
                    throw new MetainfoException(
                            MetainfoException.Kind.INVALID_PATH,
                            "'" + String.join("/", dir) + "' is both a file and a directory");
                }
            }
        }
    }

    private static BDictionary v1Entry(TorrentFile f) {
        BDictionary.Builder entry =
                BDictionary.builder().put("length", f.length()).put("path", strings(f.path()));
        putAttributes(entry, f.attributes(), f.symlinkPath());
        return entry.build();
    }

    private static void putAttributes(BDictionary.Builder dict, FileSpec f) {
        putAttributes(dict, f.attributes(), f.symlinkPath());
    }

    private static void putAttributes(BDictionary.Builder dict, Set<FileAttribute> attributes, List<String> target) {
        if (!attributes.isEmpty()) {
            dict.put("attr", FileAttribute.format(attributes));
        }
        if (attributes.contains(FileAttribute.SYMLINK)) {
            dict.put("symlink path", strings(target));
        }
    }

    /** The BEP 52 file tree: directories are dictionaries, a file is {@code {"": {length, pieces root}}}. */
    private BDictionary fileTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (FileSpec f : files) {
            Map<String, Object> dir = tree;
            for (int i = 0; i < f.path().size() - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child =
                        (Map<String, Object>) dir.computeIfAbsent(f.path().get(i), k -> new LinkedHashMap<>());
                dir = child;
            }
            BDictionary.Builder leaf = BDictionary.builder().put("length", f.length());
            if (f.piecesRoot() != null) {
                leaf.put("pieces root", f.piecesRoot());
            }
            putAttributes(leaf, f);
            dir.put(
                    f.path().get(f.path().size() - 1),
                    BDictionary.builder().put("", leaf.build()).build());
        }
        return toDictionary(tree);
    }

    private static BDictionary toDictionary(Map<String, Object> tree) {
        BDictionary.Builder b = BDictionary.builder();
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            if (e.getValue() instanceof BDictionary leaf) {
                b.put(e.getKey(), leaf);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) e.getValue();
                b.put(e.getKey(), toDictionary(child));
            }
        }
        return b.build();
    }

    private void putTrackers(BDictionary.Builder root) {
        if (announceTiers.isEmpty()) {
            return;
        }
        root.put("announce", announceTiers.get(0).get(0));
        int urls = announceTiers.stream().mapToInt(List::size).sum();
        if (urls > 1) {
            List<BValue> tiers = new ArrayList<>();
            for (List<String> tier : announceTiers) {
                tiers.add(strings(tier));
            }
            root.put("announce-list", BList.of(tiers));
        }
    }

    private static BList strings(List<String> values) {
        List<BValue> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(BString.of(v));
        }
        return BList.of(out);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
