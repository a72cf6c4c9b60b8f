package io.bitquark.protocol.tracker;

/** What a tracker answered to a scrape: statistics ({@link ScrapeResponse}) or a {@link TrackerFailure}. */
public sealed interface ScrapeResult permits ScrapeResponse, TrackerFailure {}
