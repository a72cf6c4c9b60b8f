package io.bitquark.protocol.tracker;

/** How an HTTP announce response lists peers. */
public enum PeerListFormat {
    /** BEP 23 / BEP 7: {@code peers} is a byte string of 6-byte IPv4 entries, {@code peers6} of 18-byte IPv6 entries. */
    COMPACT,
    /** BEP 3: {@code peers} is a list of {@code {peer id, ip, port}} dictionaries. */
    DICTIONARY,
    /** BEP 3 with {@code no_peer_id=1}: dictionaries without {@code peer id}. */
    DICTIONARY_WITHOUT_PEER_ID;

    /** The format a request asks for; a client that does not say gets compact, as most trackers do. */
    public static PeerListFormat requestedBy(AnnounceRequest request) {
        if (request.compact().orElse(true)) {
            return COMPACT;
        }
        return request.noPeerId() ? DICTIONARY_WITHOUT_PEER_ID : DICTIONARY;
    }
}
