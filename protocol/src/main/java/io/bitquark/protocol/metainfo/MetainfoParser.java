package io.bitquark.protocol.metainfo;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.bencode.BencodeDecoder;
import io.bitquark.protocol.bencode.BencodeException;
import io.bitquark.protocol.bencode.Decoded;
import io.bitquark.protocol.bencode.SoftError;
import io.bitquark.protocol.bencode.Span;
import io.bitquark.protocol.hash.MerkleTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates .torrent files: BEP 3 v1 (single- and multi-file), BEP 52 v2 and hybrid, with
 * BEP 12, 17, 19, 27 and 47 keys. The whole layout is shown on {@link Metainfo}; the file parts are:
 *
 * <pre>
 * v1 single  info: d length i&lt;n&gt;e name &lt;file name&gt; pieces &lt;20 bytes per piece&gt; ... e
 * v1 multi   info: d files l d length i&lt;n&gt;e path l &lt;dir&gt; &lt;file&gt; e [attr "pxhl"] [symlink path l..e] e ... e
 *                    name &lt;directory&gt; ... e
 * v2         info: d file tree d &lt;dir&gt; d &lt;file&gt; d "" d length i&lt;n&gt;e pieces root &lt;32 bytes&gt; e e e e
 *                    meta version i2e ... e
 *            piece layers: d &lt;pieces root&gt; &lt;32 bytes per piece of that file&gt; ... e   (outside info)
 * hybrid     both, the v1 list holding pad files ("attr" "p") that align each file to a piece
 * </pre>
 *
 * <p>{@link #lenient()} is for torrents from outside: non-canonical bencode (unsorted or duplicate keys,
 * trailing bytes) is reported in {@link Metainfo#warnings()} and the original bytes are hashed, and a
 * piece layer that does not hash to its file's {@code pieces root} is dropped with a warning.
 * {@link #strict()} is for torrents we create: any of those, or an unsafe path, is an error.
 *
 * <p>Either mode refuses, with a {@link MetainfoException} naming the rule:
 * <ul>
 *   <li>no top-level dictionary, no {@code info} dictionary, a {@code meta version} above 2;</li>
 *   <li>a v2 or hybrid info dictionary that is not canonical bencode (libtorrent refuses those too);</li>
 *   <li>{@code piece length} missing, not positive or above {@link #MAX_PIECE_LENGTH}; for v2 not a power of
 *       two of at least 16 KiB;</li>
 *   <li>no {@code name}; a single-file v1 torrent whose name is empty or only dots and separators;</li>
 *   <li>a file without {@code length}, with a negative one or one of {@link #MAX_FILE_LENGTH} or more; a
 *       v1 file without {@code path} (pad files excepted); path components that are not strings;</li>
 *   <li>a v2 file tree with empty names, non-dictionary nodes, pad files, or a non-empty file without a
 *       32-byte, non-zero {@code pieces root} (symlinks need none);</li>
 *   <li>a hybrid whose v1 list does not hold the same files (path, length, symlink) in the same order as the
 *       file tree, or where a pad file fails to align a file to a piece boundary;</li>
 *   <li>more than {@link #MAX_PIECES} pieces; {@code pieces} missing (v1) or not 20 bytes per piece;
 *       a total size of zero;</li>
 *   <li>a piece layer whose key is not 32 bytes, whose value is not a string of 32-byte hashes, or that
 *       holds the wrong number of hashes for its file.</li>
 * </ul>
 *
 * <p>Unsafe names and paths ({@code ..}, separators, empty components) are not errors here: the torrent
 * parses and reports them ({@link Metainfo#unsafePaths()}); {@link ContentLayout} refuses to map them.
 *
 * <p>Parsers are immutable and thread-safe.
 */
public final class MetainfoParser {

    /** How strictly a torrent is checked. */
    public enum Mode {
        /** Torrents we create: canonical bencode, every piece layer valid, safe paths only. */
        STRICT,
        /** Torrents from outside: tolerated defects become warnings. */
        LENIENT
    }

    /** The most pieces a torrent may have: libtorrent's default {@code load_torrent_limits::max_pieces}. */
    public static final int MAX_PIECES = 0x200000;
    /** The largest piece length: {@code Integer.MAX_VALUE / 2}, as in libtorrent. */
    public static final long MAX_PIECE_LENGTH = Integer.MAX_VALUE / 2;
    /** Files must be shorter than this (libtorrent: fewer than {@code Integer.MAX_VALUE / 2} 16 KiB blocks). */
    public static final long MAX_FILE_LENGTH = (long) MerkleTree.BLOCK_SIZE * (Integer.MAX_VALUE / 2);
    /** The deepest directory nesting accepted in a v2 file tree. */
    public static final int MAX_FILE_TREE_DEPTH = 100;

    private static final int SHA1_LENGTH = 20;
    private static final MetainfoParser STRICT = new MetainfoParser(Mode.STRICT);
    private static final MetainfoParser LENIENT = new MetainfoParser(Mode.LENIENT);

    private final Mode mode;

    private MetainfoParser(Mode mode) {
        this.mode = mode;
    }

    public static MetainfoParser strict() {
        return STRICT;
    }

    public static MetainfoParser lenient() {
        return LENIENT;
    }

    public Mode mode() {
        return mode;
    }

    /** Parses and validates a whole .torrent file. */
    public Metainfo parse(byte[] torrent) throws MetainfoException {
        return new Run().parse(torrent);
    }

    /** A file entry as read, before it is placed in the piece space. */
    private record Entry(
            List<String> path,
            long length,
            Set<FileAttribute> attributes,
            List<String> symlinkPath,
            byte[] piecesRoot) {

        boolean isPad() {
            return attributes.contains(FileAttribute.PAD);
        }

        boolean isSymlink() {
            return attributes.contains(FileAttribute.SYMLINK);
        }

        String display() {
            return String.join("/", path);
        }
    }

    private final class Run {
        private final List<MetainfoWarning> warnings = new ArrayList<>();

        Metainfo parse(byte[] torrent) throws MetainfoException {
            Decoded decoded = decode(torrent);
            if (!(decoded.root() instanceof BDictionary root)) {
                throw new MetainfoException(
                        MetainfoException.Kind.NOT_A_DICTIONARY, "a torrent file must be a bencoded dictionary");
            }
            if (!(root.get("info") instanceof BDictionary info)) {
                throw new MetainfoException(
                        MetainfoException.Kind.MISSING_INFO,
                        "missing or invalid 'info' dictionary: the torrent has no info section");
            }
            Span infoSpan = info.span();
            byte[] infoBytes = infoSpan.bytes();

            Long metaVersion = info.getLong("meta version");
            if (metaVersion != null && metaVersion > 2) {
                throw new MetainfoException(
                        MetainfoException.Kind.UNSUPPORTED_VERSION,
                        "unsupported 'meta version' " + metaVersion + ": only 1 and 2 are defined");
            }
            boolean v2 = metaVersion != null && metaVersion == 2;
            if (v2) {
                for (SoftError e : decoded.softErrors()) {
                    if (e.offset() >= infoSpan.start() && e.offset() < infoSpan.end()) {
                        throw new MetainfoException(
                                MetainfoException.Kind.MALFORMED_BENCODE,
                                "the info dictionary of a v2 torrent must be canonical bencode: " + e);
                    }
                }
            }

            long pieceLength = pieceLength(info, v2);
            BString nameValue =
                    info.getString("name.utf-8") != null ? info.getString("name.utf-8") : info.getString("name");
            if (nameValue == null) {
                throw new MetainfoException(
                        MetainfoException.Kind.MISSING_NAME, "missing name: the info dictionary has no 'name' string");
            }
            String name = nameValue.utf8();

            BList filesNode = info.getList("files");
            List<Entry> v2Files = null;
            boolean v2SingleFile = false;
            if (v2) {
                if (!(info.get("file tree") instanceof BDictionary tree)) {
                    throw new MetainfoException(
                            MetainfoException.Kind.INVALID_FILE_TREE,
                            "a v2 torrent ('meta version' 2) needs a 'file tree' dictionary");
                }
                v2Files = new ArrayList<>();
                walkFileTree(tree, List.of(), 0, v2Files);
                if (v2Files.isEmpty()) {
                    throw new MetainfoException(MetainfoException.Kind.NO_FILES, "the 'file tree' holds no files");
                }
                v2SingleFile = filesNode == null
                        && tree.size() == 1
                        && v2Files.size() == 1
                        && v2Files.get(0).path().size() == 1;
            } else if (info.get("file tree") instanceof BDictionary) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_FILE_TREE, "'file tree' present but 'meta version' is not 2");
            }

            List<Entry> v1Files = null;
            boolean v1MultiFile = false;
            if (filesNode != null) {
                v1Files = new ArrayList<>();
                for (int i = 0; i < filesNode.size(); i++) {
                    if (!(filesNode.get(i) instanceof BDictionary entry)) {
                        throw new MetainfoException(
                                MetainfoException.Kind.INVALID_PATH, "file #" + i + " of 'files' is not a dictionary");
                    }
                    v1Files.add(v1File(entry, i, null));
                }
                if (v1Files.isEmpty()) {
                    throw new MetainfoException(MetainfoException.Kind.NO_FILES, "the 'files' list is empty");
                }
                v1MultiFile = true;
            } else if (!v2 || info.containsKey("length")) {
                if (namesNothing(name)) {
                    throw new MetainfoException(
                            MetainfoException.Kind.MISSING_NAME,
                            "missing name: the 'name' of a single-file torrent must name a file, got '" + name + "'");
                }
                v1Files = List.of(v1File(info, -1, name));
            }

            MetaVersion version = !v2 ? MetaVersion.V1 : v1Files != null ? MetaVersion.HYBRID : MetaVersion.V2;
            if (version == MetaVersion.HYBRID) {
                checkHybridFiles(v1Files, v2Files, pieceLength);
            }

            List<TorrentFile> files = version == MetaVersion.V2
                    ? v2Layout(v2Files, pieceLength)
                    : v1Layout(v1Files, version == MetaVersion.HYBRID ? v2Files : null);
            long totalSize = 0;
            for (TorrentFile f : files) {
                totalSize = addLength(totalSize, f.length());
            }
            if (totalSize / pieceLength >= Integer.MAX_VALUE) {
                throw tooManyPieces(totalSize / pieceLength);
            }
            long pieceCount = (totalSize + pieceLength - 1) / pieceLength;
            if (pieceCount > MAX_PIECES) {
                throw tooManyPieces(pieceCount);
            }

            byte[] pieces = pieces(info, version, (int) pieceCount);
            if (totalSize == 0) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_LENGTH,
                        "invalid length: the torrent's total size is 0, it has no content");
            }

            Map<BString, byte[]> layers =
                    version.hasV2() ? pieceLayers(root.get("piece layers"), files, pieceLength) : Map.of();

            Metainfo metainfo = new Metainfo(
                    root,
                    infoBytes,
                    info,
                    version,
                    name,
                    pieceLength,
                    v1Files != null ? v1MultiFile : !v2SingleFile,
                    files,
                    totalSize,
                    (int) pieceCount,
                    pieces,
                    layers,
                    warnings);
            if (mode == Mode.STRICT && metainfo.hasUnsafePaths()) {
                throw new MetainfoException(
                        MetainfoException.Kind.UNSAFE_PATH,
                        "unsafe path: " + metainfo.unsafePaths().get(0));
            }
            return metainfo;
        }

        private Decoded decode(byte[] torrent) throws MetainfoException {
            BencodeDecoder decoder = mode == Mode.STRICT ? BencodeDecoder.strict() : BencodeDecoder.lenient();
            try {
                Decoded decoded = decoder.decode(torrent);
                for (SoftError e : decoded.softErrors()) {
                    warnings.add(
                            new MetainfoWarning(code(e.kind()), "non-canonical bencode: " + e.message(), e.offset()));
                }
                return decoded;
            } catch (BencodeException e) {
                throw new MetainfoException(
                        MetainfoException.Kind.MALFORMED_BENCODE,
                        "not a valid torrent file: bencode " + e.getMessage(),
                        e,
                        e.offset());
            }
        }

        private MetainfoWarning.Code code(SoftError.Kind kind) {
            switch (kind) {
                case UNSORTED_KEYS:
                    return MetainfoWarning.Code.UNSORTED_KEYS;
                case DUPLICATE_KEY:
                    return MetainfoWarning.Code.DUPLICATE_KEY;
                default:
                    return MetainfoWarning.Code.TRAILING_DATA;
            }
        }

        private long pieceLength(BDictionary info, boolean v2) throws MetainfoException {
            Long pieceLength = info.getLong("piece length");
            if (pieceLength == null) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_PIECE_LENGTH,
                        "invalid or missing 'piece length': it must be a positive integer");
            }
            if (pieceLength <= 0 || pieceLength > MAX_PIECE_LENGTH) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_PIECE_LENGTH,
                        "invalid 'piece length' " + pieceLength + ": it must be between 1 and " + MAX_PIECE_LENGTH);
            }
            if (v2 && (pieceLength < MerkleTree.BLOCK_SIZE || !MerkleTree.isPowerOfTwo(pieceLength))) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_PIECE_LENGTH,
                        "invalid 'piece length' " + pieceLength + ": a v2 piece length must be a power of two of"
                                + " at least 16 KiB (BEP 52)");
            }
            return pieceLength;
        }

        /** A v1 file entry; {@code singleFileName} is set for the info dictionary of a single-file torrent. */
        private Entry v1File(BDictionary dict, int index, String singleFileName) throws MetainfoException {
            String where = singleFileName != null ? "the single file" : "file #" + index;
            Set<FileAttribute> attributes = attributes(dict);
            long length = attributes.contains(FileAttribute.SYMLINK) ? 0 : length(dict, where);
            List<String> path;
            if (singleFileName != null) {
                path = List.of(singleFileName);
            } else {
                BList p = dict.getList("path.utf-8") != null ? dict.getList("path.utf-8") : dict.getList("path");
                if (p != null && p.size() > 0) {
                    path = strings(p, where + " 'path'");
                } else if (attributes.contains(FileAttribute.PAD)) {
                    path = List.of(".pad", Long.toString(length));
                } else {
                    throw new MetainfoException(
                            MetainfoException.Kind.MISSING_NAME,
                            "missing name: " + where + " in 'files' has no 'path'");
                }
            }
            for (String component : path) {
                if (component.contains("_____padding_file_")) {
                    attributes.add(FileAttribute.PAD);
                }
            }
            return new Entry(path, length, attributes, symlinkPath(dict, attributes, where), null);
        }

        private void walkFileTree(BDictionary node, List<String> parent, int depth, List<Entry> out)
                throws MetainfoException {
            if (depth > MAX_FILE_TREE_DEPTH) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_FILE_TREE,
                        "failed to parse files: 'file tree' nested deeper than " + MAX_FILE_TREE_DEPTH
                                + " directories");
            }
            for (Map.Entry<BString, BValue> e : node.entries().entrySet()) {
                String where = parent.isEmpty() ? "the top of the 'file tree'" : "'" + String.join("/", parent) + "'";
                if (e.getKey().length() == 0) {
                    throw new MetainfoException(
                            MetainfoException.Kind.INVALID_FILE_TREE,
                            "failed to parse files: empty file name in 'file tree' at " + where);
                }
                List<String> path = new ArrayList<>(parent);
                path.add(e.getKey().utf8());
                if (!(e.getValue() instanceof BDictionary child)) {
                    throw new MetainfoException(
                            MetainfoException.Kind.INVALID_FILE_TREE,
                            "failed to parse files: 'file tree' entry '" + String.join("/", path)
                                    + "' is not a dictionary");
                }
                if (child.size() == 1 && child.containsKey("")) {
                    if (!(child.get("") instanceof BDictionary file)) {
                        throw new MetainfoException(
                                MetainfoException.Kind.INVALID_FILE_TREE,
                                "failed to parse files: 'file tree' file '" + String.join("/", path)
                                        + "' is not a dictionary");
                    }
                    out.add(v2File(file, path));
                } else {
                    walkFileTree(child, path, depth + 1, out);
                }
            }
        }

        private Entry v2File(BDictionary dict, List<String> path) throws MetainfoException {
            String where = "file '" + String.join("/", path) + "'";
            Set<FileAttribute> attributes = attributes(dict);
            if (attributes.contains(FileAttribute.PAD)) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_FILE_TREE,
                        "invalid pad file: " + where + " in the v2 'file tree' is marked as a pad file");
            }
            long length = attributes.contains(FileAttribute.SYMLINK) ? 0 : length(dict, where);
            List<String> symlink = symlinkPath(dict, attributes, where);
            byte[] piecesRoot = null;
            if (!attributes.contains(FileAttribute.SYMLINK) && length > 0) {
                BString root = dict.getString("pieces root");
                if (root == null || root.length() != MerkleTree.HASH_SIZE) {
                    throw new MetainfoException(
                            MetainfoException.Kind.MISSING_PIECES_ROOT,
                            "a v2 file entry has no root hash: " + where + " has no 32-byte 'pieces root'");
                }
                piecesRoot = root.bytes();
                if (Arrays.equals(piecesRoot, new byte[MerkleTree.HASH_SIZE])) {
                    throw new MetainfoException(
                            MetainfoException.Kind.MISSING_PIECES_ROOT,
                            "a v2 file entry has no root hash: " + where + " has an all-zero 'pieces root'");
                }
            }
            return new Entry(path, length, attributes, symlink, piecesRoot);
        }

        private Set<FileAttribute> attributes(BDictionary dict) {
            String attr = dict.getText("attr");
            return attr == null ? EnumSet.noneOf(FileAttribute.class) : FileAttribute.parse(attr);
        }

        private long length(BDictionary dict, String where) throws MetainfoException {
            Long length = dict.getLong("length");
            if (length == null) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_LENGTH, "invalid length: " + where + " has no integer 'length'");
            }
            if (length < 0) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_LENGTH,
                        "invalid length: " + where + " has a negative 'length' " + length);
            }
            if (length >= MAX_FILE_LENGTH) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_LENGTH,
                        "invalid length: " + where + " has 'length' " + length + ", the limit is "
                                + (MAX_FILE_LENGTH - 1));
            }
            return length;
        }

        /** The link target; a file marked {@code l} without a non-empty {@code symlink path} is a plain file, as in libtorrent. */
        private List<String> symlinkPath(BDictionary dict, Set<FileAttribute> attributes, String where)
                throws MetainfoException {
            if (!attributes.contains(FileAttribute.SYMLINK)) {
                return List.of();
            }
            BList target = dict.getList("symlink path");
            if (target == null || target.size() == 0) {
                attributes.remove(FileAttribute.SYMLINK);
                return List.of();
            }
            return strings(target, where + " 'symlink path'");
        }

        private List<String> strings(BList list, String where) throws MetainfoException {
            List<String> out = new ArrayList<>(list.size());
            for (BValue v : list.values()) {
                if (!(v instanceof BString s)) {
                    throw new MetainfoException(
                            MetainfoException.Kind.INVALID_PATH,
                            "invalid path: " + where + " holds a component that is not a string");
                }
                out.add(s.utf8());
            }
            return out;
        }

        private void checkHybridFiles(List<Entry> v1Files, List<Entry> v2Files, long pieceLength)
                throws MetainfoException {
            List<Entry> v1Payload = new ArrayList<>();
            for (Entry e : v1Files) {
                if (!e.isPad()) {
                    v1Payload.add(e);
                }
            }
            if (v1Payload.size() != v2Files.size()) {
                throw inconsistent("the v1 'files' list has " + v1Payload.size() + " files (pad files aside) but the"
                        + " v2 'file tree' has " + v2Files.size());
            }
            for (int i = 0; i < v1Payload.size(); i++) {
                Entry a = v1Payload.get(i);
                Entry b = v2Files.get(i);
                if (!a.path().equals(b.path())
                        || a.length() != b.length()
                        || a.isSymlink() != b.isSymlink()
                        || !a.symlinkPath().equals(b.symlinkPath())) {
                    throw inconsistent(
                            "v1 file '" + a.display() + "' (" + a.length() + " bytes) does not match v2 file '"
                                    + b.display() + "' (" + b.length() + " bytes) at the same position");
                }
            }
            long offset = 0;
            for (Entry e : v1Files) {
                if (!e.isPad() && e.length() > 0 && offset % pieceLength != 0) {
                    throw inconsistent("file '" + e.display() + "' starts at offset " + offset + ", not on a piece"
                            + " boundary: pad files must align every file of a hybrid torrent to a piece");
                }
                offset = addLength(offset, e.length());
            }
        }

        private MetainfoException inconsistent(String detail) {
            return new MetainfoException(
                    MetainfoException.Kind.INCONSISTENT_FILES, "the v1 and v2 file metadata do not match: " + detail);
        }

        private List<TorrentFile> v1Layout(List<Entry> v1Files, List<Entry> v2Files) throws MetainfoException {
            List<TorrentFile> files = new ArrayList<>(v1Files.size());
            long offset = 0;
            int v2Index = 0;
            for (Entry e : v1Files) {
                byte[] root = null;
                if (v2Files != null && !e.isPad()) {
                    root = v2Files.get(v2Index++).piecesRoot();
                }
                files.add(new TorrentFile(e.path(), e.length(), offset, e.attributes(), e.symlinkPath(), root));
                offset = addLength(offset, e.length());
            }
            return files;
        }

        /** The v2 files with the implied pad after every file that does not end on a piece boundary. */
        private List<TorrentFile> v2Layout(List<Entry> v2Files, long pieceLength) throws MetainfoException {
            List<TorrentFile> files = new ArrayList<>();
            long offset = 0;
            for (Entry e : v2Files) {
                files.add(
                        new TorrentFile(e.path(), e.length(), offset, e.attributes(), e.symlinkPath(), e.piecesRoot()));
                offset = addLength(offset, e.length());
                long tail = e.length() % pieceLength;
                if (tail != 0) {
                    long pad = pieceLength - tail;
                    files.add(new TorrentFile(
                            List.of(".pad", Long.toString(pad)),
                            pad,
                            offset,
                            EnumSet.of(FileAttribute.PAD),
                            List.of(),
                            null));
                    offset = addLength(offset, pad);
                }
            }
            return files;
        }

        private long addLength(long offset, long length) throws MetainfoException {
            try {
                return Math.addExact(offset, length);
            } catch (ArithmeticException e) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_LENGTH,
                        "invalid length: the file lengths add up to more than 2^63 bytes");
            }
        }

        private MetainfoException tooManyPieces(long pieces) {
            return new MetainfoException(
                    MetainfoException.Kind.TOO_MANY_PIECES,
                    "too many pieces: the torrent needs " + pieces + " pieces, the limit is " + MAX_PIECES);
        }

        private byte[] pieces(BDictionary info, MetaVersion version, int pieceCount) throws MetainfoException {
            BValue value = info.get("pieces");
            if (!version.hasV1() && !(value instanceof BString)) {
                return null;
            }
            if (!(value instanceof BString pieces)) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_PIECES,
                        "invalid or missing 'pieces': a v1 torrent needs a string of SHA-1 piece hashes");
            }
            if (pieces.length() % SHA1_LENGTH != 0) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_PIECES,
                        "incorrect number of piece hashes: 'pieces' is " + pieces.length()
                                + " bytes, not a multiple of 20");
            }
            if (pieces.length() / SHA1_LENGTH != pieceCount) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_PIECES,
                        "incorrect number of piece hashes: 'pieces' holds " + pieces.length() / SHA1_LENGTH
                                + " but the files need " + pieceCount);
            }
            return version.hasV1() ? pieces.bytes() : null;
        }

        private Map<BString, byte[]> pieceLayers(BValue value, List<TorrentFile> files, long pieceLength)
                throws MetainfoException {
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof BDictionary layers)) {
                throw invalidLayer("'piece layers' is not a dictionary");
            }
            Map<BString, BString> given = new LinkedHashMap<>();
            for (Map.Entry<BString, BValue> e : layers.entries().entrySet()) {
                if (e.getKey().length() != MerkleTree.HASH_SIZE) {
                    throw invalidLayer(
                            "a key of 'piece layers' is " + e.getKey().length() + " bytes, not a 32-byte pieces root");
                }
                if (!(e.getValue() instanceof BString layer) || layer.length() % MerkleTree.HASH_SIZE != 0) {
                    throw invalidLayer(
                            "the layer for pieces root " + hex(e.getKey()) + " is not a string of 32-byte hashes");
                }
                given.put(e.getKey(), layer);
            }
            Map<BString, byte[]> verified = new LinkedHashMap<>();
            Map<BString, Boolean> checked = new HashMap<>();
            for (TorrentFile f : files) {
                if (f.piecesRoot() == null || f.length() <= pieceLength) {
                    continue;
                }
                BString root = BString.of(f.piecesRoot());
                BString layer = given.get(root);
                if (layer == null || checked.containsKey(root)) {
                    continue;
                }
                long expected = (f.length() + pieceLength - 1) / pieceLength;
                if (layer.length() / MerkleTree.HASH_SIZE != expected) {
                    throw invalidLayer("the layer of file '" + f.displayPath() + "' holds "
                            + layer.length() / MerkleTree.HASH_SIZE + " hashes, its " + f.length()
                            + " bytes need " + expected);
                }
                byte[] hashes = layer.bytes();
                boolean matches =
                        Arrays.equals(MerkleTree.rootFromPieceLayer(hashes, (int) pieceLength), f.piecesRoot());
                checked.put(root, matches);
                if (matches) {
                    verified.put(root, hashes);
                } else {
                    warn(
                            MetainfoWarning.Code.PIECE_LAYER_MISMATCH,
                            "the piece layer of file '" + f.displayPath() + "' does not hash to its pieces root;"
                                    + " it was dropped");
                }
            }
            for (BString root : given.keySet()) {
                if (!checked.containsKey(root)) {
                    warn(
                            MetainfoWarning.Code.UNKNOWN_PIECE_LAYER,
                            "a piece layer for pieces root " + hex(root) + " matches no file larger than one piece;"
                                    + " it was ignored");
                }
            }
            return verified;
        }

        private MetainfoException invalidLayer(String detail) {
            return new MetainfoException(
                    MetainfoException.Kind.INVALID_PIECE_LAYER, "a piece layer is invalid: " + detail);
        }

        private void warn(MetainfoWarning.Code code, String message) throws MetainfoException {
            if (mode == Mode.STRICT) {
                throw new MetainfoException(
                        MetainfoException.Kind.INVALID_PIECE_LAYER, "a piece layer is invalid: " + message);
            }
            warnings.add(new MetainfoWarning(code, message, -1));
        }
    }

    private static String hex(BString s) {
        return HexFormat.of().formatHex(s.bytes());
    }

    /**
     * Whether a single-file name leaves nothing to name a file once separators and direction-changing
     * characters are dropped: empty, {@code "."}, {@code ".."}, {@code "/"}... libtorrent refuses those.
     */
    static boolean namesNothing(String name) {
        StringBuilder kept = new StringBuilder();
        name.codePoints()
                .filter(c -> c != '/' && c != '\\' && !(c >= 0x202a && c <= 0x202e) && c != 0x200e && c != 0x200f)
                .forEach(kept::appendCodePoint);
        return kept.length() <= 2 && kept.chars().allMatch(c -> c == '.');
    }
}
