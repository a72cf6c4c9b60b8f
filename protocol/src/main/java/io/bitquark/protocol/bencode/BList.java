package io.bitquark.protocol.bencode;

import java.util.List;

/** A bencoded list: {@code l<values>e}. */
public record BList(List<BValue> values, Span span) implements BValue {

    public BList {
        values = List.copyOf(values);
    }

    public static BList of(List<? extends BValue> values) {
        return new BList(List.copyOf(values), null);
    }

    public static BList of(BValue... values) {
        return new BList(List.of(values), null);
    }

    public int size() {
        return values.size();
    }

    public BValue get(int index) {
        return values.get(index);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BList other && other.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
