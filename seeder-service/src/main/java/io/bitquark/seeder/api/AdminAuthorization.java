package io.bitquark.seeder.api;

import io.bitquark.seeder.config.SeederConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Checks the bearer token of mutating calls when {@code bitquark.seeder.admin-token} is set. */
@ApplicationScoped
public class AdminAuthorization {

    private final Optional<byte[]> token;

    public AdminAuthorization(SeederConfig config) {
        this.token = config.adminToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** Refuses with a 401 problem unless the {@code Authorization} header carries the token (or none is configured). */
    public void require(String authorization) {
        if (token.isEmpty()) {
            return;
        }
        boolean ok = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8), token.get());
        if (!ok) {
            throw new ApiProblem(401, "Unauthorized", "this call needs 'Authorization: Bearer <admin token>'");
        }
    }
}
