package io.bitquark.metainfo.edit;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.bencode.BencodeEncoder;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoException;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.bitquark.rest.ApiProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Applies {@link EditOperation}s to a torrent.
 *
 * <ul>
 *   <li>Edits outside the info dictionary go through {@link Metainfo#withField} / {@link Metainfo#withoutField},
 *       which write the original info bytes back verbatim: the info-hash does not change, whatever the
 *       info dictionary holds (non-canonical bencode and unknown keys included).</li>
 *   <li>Edits inside it ({@code name}, {@code private}, {@code source}) re-encode the info dictionary
 *       canonically, unknown keys kept: the torrent gets new info-hashes. Piece hashes, the v2 file tree and
 *       the piece layers are left alone, so a v2 or hybrid torrent stays valid; renaming a single-file v2 or
 *       hybrid torrent renames its file tree entry with it, so that the v1 and v2 views still name one file.</li>
 * </ul>
 *
 * Unknown top-level keys survive either way. The result is parsed back; an edit that would make an invalid
 * torrent is a 422 problem.
 */
public final class TorrentEdit {

    private final Metainfo original;
    private final Supplier<Metainfo> sourcePart;
    private final Function<String, Metainfo> hosted;
    /** Top-level keys to set, in order; a {@code null} value removes the key. */
    private final Map<String, BValue> top = new LinkedHashMap<>();
    /** The edited info dictionary, or {@code null} while it is untouched. */
    private BDictionary info;

    private TorrentEdit(Metainfo original, Supplier<Metainfo> sourcePart, Function<String, Metainfo> hosted) {
        this.original = original;
        this.sourcePart = sourcePart;
        this.hosted = hosted;
    }

    /**
     * The torrent with every operation applied in order.
     *
     * @param sourcePart the torrent {@code copy-announce} copies from when it names no hosted torrent; it
     *                   throws a problem when the request has none
     * @param hosted     a hosted torrent by id, for {@code copy-announce} with a {@code torrentId}; it throws a
     *                   problem when there is none
     */
    public static Metainfo apply(
            Metainfo original,
            List<EditOperation> operations,
            Supplier<Metainfo> sourcePart,
            Function<String, Metainfo> hosted) {
        TorrentEdit edit = new TorrentEdit(original, sourcePart, hosted);
        for (EditOperation op : operations) {
            if (op == null) {
                throw ApiProblem.badRequest("operations must be objects, got null");
            }
            op.applyTo(edit);
        }
        return edit.result();
    }

    void setTop(String key, BValue value) {
        top.remove(key);
        top.put(key, value);
    }

    void removeTop(String key) {
        setTop(key, null);
    }

    void setUrls(String key, List<String> urls) {
        if (urls.isEmpty()) {
            removeTop(key);
            return;
        }
        List<BValue> list = new ArrayList<>();
        for (String url : urls) {
            list.add(BString.of(url));
        }
        setTop(key, BList.of(list));
    }

    void copyAnnounceFrom(Metainfo other) {
        setTop("announce", other.root().get("announce"));
        setTop("announce-list", other.root().get("announce-list"));
    }

    Metainfo sourcePart() {
        return sourcePart.get();
    }

    Metainfo hosted(String id) {
        return hosted.apply(id);
    }

    void setInfo(String key, BValue value) {
        info = info().toBuilder().put(key, value).build();
    }

    void removeInfo(String key) {
        info = info().toBuilder().remove(key).build();
    }

    void rename(String name) {
        BDictionary current = info();
        BDictionary.Builder b = current.toBuilder().put("name", name);
        if (current.containsKey("name.utf-8")) {
            b.put("name.utf-8", name);
        }
        if (current.get("file tree") instanceof BDictionary tree && !current.containsKey("files") && tree.size() == 1) {
            BValue only = tree.entries().values().iterator().next();
            if (only instanceof BDictionary node && node.containsKey("")) {
                b.put("file tree", BDictionary.builder().put(name, node).build());
            }
        }
        info = b.build();
    }

    private BDictionary info() {
        return info != null ? info : original.info();
    }

    private Metainfo result() {
        try {
            if (info == null) {
                Metainfo m = original;
                for (Map.Entry<String, BValue> e : top.entrySet()) {
                    m = e.getValue() == null ? m.withoutField(e.getKey()) : m.withField(e.getKey(), e.getValue());
                }
                return m;
            }
            BDictionary.Builder root = original.root().toBuilder();
            for (Map.Entry<String, BValue> e : top.entrySet()) {
                if (e.getValue() == null) {
                    root.remove(e.getKey());
                } else {
                    root.put(e.getKey(), e.getValue());
                }
            }
            root.put("info", info);
            return MetainfoParser.lenient().parse(BencodeEncoder.encode(root.build()));
        } catch (MetainfoException e) {
            throw new ApiProblem(422, "Invalid edit", "the edited torrent would not be valid: " + e.getMessage());
        }
    }
}
