package io.bitquark.protocol.bencode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A bencoded dictionary: {@code d<key><value>...e}, keys being byte strings.
 *
 * <p>Entries keep the order they were decoded in (so a lenient decode of an unsorted real-world torrent
 * loses nothing); {@link BencodeEncoder} always writes them sorted by raw key bytes.
 */
public final class BDictionary implements BValue {

    private final Map<BString, BValue> entries;
    private final Span span;

    BDictionary(Map<BString, BValue> entries, Span span) {
        this.entries = Collections.unmodifiableMap(entries);
        this.span = span;
    }

    public static BDictionary empty() {
        return new BDictionary(new LinkedHashMap<>(), null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder seeded with this dictionary's entries, for editing a copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.entries.putAll(entries);
        return b;
    }

    public Map<BString, BValue> entries() {
        return entries;
    }

    public Set<BString> keys() {
        return entries.keySet();
    }

    public int size() {
        return entries.size();
    }

    public boolean containsKey(String key) {
        return entries.containsKey(BString.of(key));
    }

    public BValue get(String key) {
        return entries.get(BString.of(key));
    }

    public BValue get(BString key) {
        return entries.get(key);
    }

    /** The byte string under {@code key}, or {@code null} when absent or of another type. */
    public BString getString(String key) {
        return get(key) instanceof BString s ? s : null;
    }

    /** The UTF-8 text under {@code key}, or {@code null} when absent or not a byte string. */
    public String getText(String key) {
        BString s = getString(key);
        return s == null ? null : s.utf8();
    }

    /** The integer under {@code key}, or {@code null} when absent or of another type. */
    public Long getLong(String key) {
        return get(key) instanceof BInteger i ? i.value() : null;
    }

    public BDictionary getDictionary(String key) {
        return get(key) instanceof BDictionary d ? d : null;
    }

    public BList getList(String key) {
        return get(key) instanceof BList l ? l : null;
    }

    @Override
    public Span span() {
        return span;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BDictionary other && other.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }

    /** Builds a dictionary in memory; the encoder sorts keys, so insertion order does not matter. */
    public static final class Builder {
        private final Map<BString, BValue> entries = new LinkedHashMap<>();

        private Builder() {}

        public Builder put(String key, BValue value) {
            return put(BString.of(key), value);
        }

        public Builder put(BString key, BValue value) {
            entries.put(key, value);
            return this;
        }

        public Builder put(String key, long value) {
            return put(key, BInteger.of(value));
        }

        public Builder put(String key, String value) {
            return put(key, BString.of(value));
        }

        public Builder put(String key, byte[] value) {
            return put(key, BString.of(value));
        }

        /** Puts the value only when it is not {@code null}. */
        public Builder putIfPresent(String key, BValue value) {
            if (value != null) {
                put(key, value);
            }
            return this;
        }

        public Builder putIfPresent(String key, String value) {
            if (value != null) {
                put(key, value);
            }
            return this;
        }

        public Builder remove(String key) {
            entries.remove(BString.of(key));
            return this;
        }

        public BDictionary build() {
            return new BDictionary(new LinkedHashMap<>(entries), null);
        }
    }
}
