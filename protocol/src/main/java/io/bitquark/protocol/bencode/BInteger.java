package io.bitquark.protocol.bencode;

/** A bencoded integer: {@code i<decimal>e}. */
public record BInteger(long value, Span span) implements BValue {

    public static BInteger of(long value) {
        return new BInteger(value, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BInteger other && other.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
