package io.bitquark.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks the bearer token of mutating calls. Each service makes one from its own {@code admin-token}
 * property; without a token every call passes. Tokens are compared in constant time.
 */
public final class AdminAuthorization {

    private final Optional<byte[]> token;

    public AdminAuthorization(Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** Refuses with a 401 problem unless the {@code Authorization} header carries the token (or none is configured). */
    public void require(String authorization) {
        if (token.isEmpty()) {
            return;
        }
        boolean ok = authorization != null
                && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(
                        authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8), token.get());
        if (!ok) {
            throw new ApiProblem(401, "Unauthorized", "this call needs 'Authorization: Bearer <admin token>'");
        }
    }
}
