package io.bitquark.metainfo.create;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.rest.ApiProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Checks and normalises the options of a new torrent; every problem is a 400 that names the field. */
public final class TorrentOptions {

    private TorrentOptions() {}

    public static MetaVersion version(String version) {
        if (version == null) {
            return MetaVersion.V1;
        }
        switch (version.toLowerCase(Locale.ROOT)) {
            case "v1":
                return MetaVersion.V1;
            case "v2":
                return MetaVersion.V2;
            case "hybrid":
                return MetaVersion.HYBRID;
            default:
                throw ApiProblem.badRequest("version must be v1, v2 or hybrid, got '" + version + "'");
        }
    }

    /** Announce tiers from a string, a list of strings (a tier each) or a list of lists; else the default. */
    public static List<List<String>> tiers(JsonNode announce, Optional<String> defaultAnnounce) {
        List<List<String>> tiers = new ArrayList<>();
        if (announce == null || announce.isNull()) {
            defaultAnnounce.filter(s -> !s.isBlank()).ifPresent(url -> tiers.add(List.of(url(url))));
            return tiers;
        }
        if (announce.isTextual()) {
            tiers.add(List.of(url(announce.asText())));
            return tiers;
        }
        if (!announce.isArray()) {
            throw ApiProblem.badRequest("announce must be a URL, a list of URLs or a list of lists of URLs");
        }
        for (JsonNode tier : announce) {
            if (tier.isTextual()) {
                tiers.add(List.of(url(tier.asText())));
            } else if (tier.isArray() && tier.size() > 0) {
                List<String> urls = new ArrayList<>();
                for (JsonNode u : tier) {
                    if (!u.isTextual()) {
                        throw ApiProblem.badRequest("announce tiers must hold URLs");
                    }
                    urls.add(url(u.asText()));
                }
                tiers.add(urls);
            } else {
                throw ApiProblem.badRequest(
                        "announce must be a URL, a list of URLs or a list of non-empty lists of URLs");
            }
        }
        return tiers;
    }

    /** Repeated {@code announce} query parameters: one tier each. */
    public static List<List<String>> tiers(List<String> announce, Optional<String> defaultAnnounce) {
        List<List<String>> tiers = new ArrayList<>();
        if (announce == null || announce.isEmpty()) {
            defaultAnnounce.filter(s -> !s.isBlank()).ifPresent(url -> tiers.add(List.of(url(url))));
            return tiers;
        }
        for (String a : announce) {
            tiers.add(List.of(url(a)));
        }
        return tiers;
    }

    /** A tracker or seed URL: http, https or udp (trackers only), absolute, with a host. */
    public static String url(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https") || scheme.equals("udp")) || uri.getHost() == null) {
                throw ApiProblem.badRequest("not an http, https or udp URL: '" + text + "'");
            }
            return text.trim();
        } catch (URISyntaxException e) {
            throw ApiProblem.badRequest("not a URL: '" + text + "'");
        }
    }

    /** Web seeds and http seeds: http or https URLs. */
    public static List<String> seedUrls(List<String> urls, String field) {
        List<String> out = new ArrayList<>();
        for (String u : urls == null ? List.<String>of() : urls) {
            String checked = url(u);
            if (checked.regionMatches(true, 0, "udp:", 0, 4)) {
                throw ApiProblem.badRequest(field + " must be http or https URLs: '" + u + "'");
            }
            out.add(checked);
        }
        return out;
    }

    /** {@code null} → none; {@code "now"} → now; a number → epoch seconds. */
    public static Instant creationDate(JsonNode date) {
        if (date == null || date.isNull()) {
            return null;
        }
        if (date.isTextual() && date.asText().equalsIgnoreCase("now")) {
            return Instant.ofEpochSecond(Instant.now().getEpochSecond());
        }
        if (date.isIntegralNumber() && date.asLong() >= 0) {
            return Instant.ofEpochSecond(date.asLong());
        }
        if (date.isTextual() && date.asText().matches("\\d{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(date.asText()));
        }
        throw ApiProblem.badRequest("creationDate must be \"now\" or epoch seconds");
    }

    /** A name override must be one safe path component. */
    public static String name(String name, String fallback) {
        if (name == null) {
            return fallback;
        }
        if (name.isEmpty()
                || name.equals(".")
                || name.equals("..")
                || name.contains("/")
                || name.contains("\\")
                || name.indexOf('\0') >= 0) {
            throw ApiProblem.badRequest("name must be one non-empty path component without '/', '\\\\', '.' or '..'");
        }
        return name;
    }
}
