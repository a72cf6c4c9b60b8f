package io.bitquark.metainfo.config;

import io.smallrye.config.WithDefault;

/** How torrents are created ({@code bitquark.metainfo.create.*}). */
public interface CreateConfig {

    /** The largest piece length the automatic rule picks (an explicit {@code pieceLength} may exceed it). */
    @WithDefault("16777216")
    int maxAutoPieceLength();

    /** The hashing threads that creations, verifications and uploads share; 0 means one per available core. */
    @WithDefault("0")
    int hashThreads();

    /** Content larger than this is created as a job (202 + /api/jobs/{id}) even without {@code Prefer: respond-async}. */
    @WithDefault("1073741824")
    long asyncThreshold();

    /** The {@code created by} written into new torrents unless the request sets one. */
    @WithDefault("BitQuark 0.1")
    String createdBy();
}
