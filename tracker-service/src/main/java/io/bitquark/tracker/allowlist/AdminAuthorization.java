package io.bitquark.tracker.allowlist;

import io.bitquark.tracker.config.TrackerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Checks the bearer token of admin requests when {@code bitquark.tracker.admin-token} is set. */
@ApplicationScoped
public class AdminAuthorization {

    private final Optional<byte[]> token;

    public AdminAuthorization(TrackerConfig config) {
        this.token = config.adminToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether an {@code Authorization} header value grants admin access (always, when no token is configured). */
    public boolean permits(String authorization) {
        if (token.isEmpty()) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token.get());
    }
}
