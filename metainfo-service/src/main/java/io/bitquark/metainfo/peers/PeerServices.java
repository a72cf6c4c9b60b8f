package io.bitquark.metainfo.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bitquark.metainfo.config.MetainfoConfig;
import io.bitquark.metainfo.store.SeedingStatus;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The other BitQuark services, over REST: the tracker's allowlist (bttrack served only the torrents in its
 * {@code allowed_dir}) and the seeder. Both are optional; when one is unreachable the torrent is still
 * hosted and the failure is reported, never thrown at the client. Calls block: use worker threads.
 */
@ApplicationScoped
public class PeerServices {

    private static final Logger LOG = Logger.getLogger(PeerServices.class);

    private final Optional<TrackerAdminClient> tracker;
    private final Optional<SeederClient> seeder;
    private final Optional<PoolClient> pool;
    private final Optional<String> trackerToken;
    private final Optional<String> seederToken;
    private final ObjectMapper json;

    public PeerServices(MetainfoConfig config, ObjectMapper json) {
        this.json = json;
        this.tracker = config.trackerAdminUrl().filter(u -> !u.isBlank()).map(u -> client(u, TrackerAdminClient.class));
        this.seeder = config.seederUrl().filter(u -> !u.isBlank()).map(u -> client(u, SeederClient.class));
        this.pool = config.poolUrl().filter(u -> !u.isBlank()).map(u -> client(u, PoolClient.class));
        this.trackerToken = config.trackerAdminToken().filter(t -> !t.isBlank()).map(t -> "Bearer " + t);
        this.seederToken = config.seederToken().filter(t -> !t.isBlank()).map(t -> "Bearer " + t);
    }

    private static <T> T client(String url, Class<T> type) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(10, TimeUnit.SECONDS)
                .build(type);
    }

    /** Puts a hosted torrent on the tracker's allowlist; returns whether that happened. */
    public boolean allowOnTracker(String infoHashV1OrTruncated, String name) {
        if (tracker.isEmpty()) {
            return false;
        }
        try (Response r = tracker.get().allow(infoHashV1OrTruncated, trackerToken.orElse(null), Map.of("name", name))) {
            if (r.getStatus() / 100 != 2) {
                LOG.warnf("tracker allowlist refused %s: HTTP %d", infoHashV1OrTruncated, r.getStatus());
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("tracker allowlist unreachable for %s: %s", infoHashV1OrTruncated, e.getMessage());
            return false;
        }
    }

    public void disallowOnTracker(String infoHashV1OrTruncated) {
        tracker.ifPresent(t -> {
            try (Response r = t.disallow(infoHashV1OrTruncated, trackerToken.orElse(null))) {
                LOG.debugf("tracker allowlist removal of %s: HTTP %d", infoHashV1OrTruncated, r.getStatus());
            } catch (RuntimeException e) {
                LOG.warnf("tracker allowlist unreachable for %s: %s", infoHashV1OrTruncated, e.getMessage());
            }
        });
    }

    /** Hands a torrent to the seeder, with its content at {@code dataPath} (relative to the shared data root). */
    public SeedingStatus seed(byte[] torrent, String dataPath) {
        if (seeder.isEmpty()) {
            return new SeedingStatus(false, "unavailable", "no seeder configured (bitquark.metainfo.seeder-url)");
        }
        try (Response r = seeder.get().seed(dataPath, seederToken.orElse(null), torrent)) {
            String state = state(r);
            if (r.getStatus() == 201 || r.getStatus() == 200 || r.getStatus() == 409) {
                return new SeedingStatus(true, state == null ? "checking" : state, null);
            }
            return new SeedingStatus(false, "refused", "the seeder answered HTTP " + r.getStatus());
        } catch (RuntimeException e) {
            return new SeedingStatus(false, "unavailable", "the seeder is unreachable: " + e.getMessage());
        }
    }

    /**
     * Adds a torrent to the seed pool at {@code pool-url}, when one is set; returns whether the pool took it. The
     * origin seeder ({@link #seed}) is not a pool copy: the pool never deletes its content.
     */
    public boolean addToPool(byte[] torrent) {
        if (pool.isEmpty()) {
            return false;
        }
        try (Response r = pool.get().add(seederToken.orElse(null), torrent)) {
            if (r.getStatus() != 202) {
                LOG.warnf("the seed pool refused a torrent: HTTP %d", r.getStatus());
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("the seed pool is unreachable: %s", e.getMessage());
            return false;
        }
    }

    private String state(Response r) {
        try {
            if (!r.hasEntity()) {
                return null;
            }
            JsonNode body = json.readTree(r.readEntity(String.class));
            return body.hasNonNull("state") ? body.get("state").asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
