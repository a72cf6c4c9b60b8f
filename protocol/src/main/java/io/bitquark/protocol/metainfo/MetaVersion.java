package io.bitquark.protocol.metainfo;

/** Which piece-hashing scheme a torrent carries. */
public enum MetaVersion {
    /** BEP 3: SHA-1 {@code pieces} over the concatenated files. */
    V1,
    /** BEP 52 only ({@code meta version 2}): a {@code file tree} with per-file merkle roots. */
    V2,
    /** BEP 52 hybrid: both, describing the same files, pad files aligning the v1 view to pieces. */
    HYBRID;

    public boolean hasV1() {
        return this != V2;
    }

    public boolean hasV2() {
        return this != V1;
    }
}
