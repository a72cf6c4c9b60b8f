package io.bitquark.protocol.bencode;

/**
 * A bencoded value (BEP 3): an integer, a byte string, a list or a dictionary.
 *
 * <p>Values produced by {@link BencodeDecoder} remember the exact byte span they were decoded from
 * ({@link #span()}), so that callers can hash the original bytes (the info-hash is computed over the
 * raw info dictionary, never over a re-encoding).
 */
public sealed interface BValue permits BInteger, BString, BList, BDictionary, BRaw {

    /** The bytes this value was decoded from, or {@code null} for values built in memory. */
    Span span();
}
