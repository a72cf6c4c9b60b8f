package io.bitquark.protocol.tracker;

/** What a tracker answered to an announce: peers ({@link AnnounceResponse}) or a {@link TrackerFailure}. */
public sealed interface AnnounceResult permits AnnounceResponse, TrackerFailure {}
