package io.bitquark.tracker.allowlist;

import io.bitquark.tracker.config.TrackerConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Loads the allowlist at start-up and reloads it periodically, so that replicas agree within the refresh period. */
@ApplicationScoped
public class AllowlistRefresher {

    private static final Logger LOG = Logger.getLogger(AllowlistRefresher.class);

    void start(@Observes StartupEvent event, Allowlist allowlist, Vertx vertx, TrackerConfig config) {
        if (!allowlist.enabled()) {
            return;
        }
        Runnable reload = () -> allowlist
                .refresh()
                .subscribe()
                .with(
                        ok -> {},
                        failure ->
                                LOG.warnf("allowlist reload failed, keeping the last copy: %s", failure.getMessage()));
        reload.run();
        vertx.setPeriodic(config.allowlist().refresh().toMillis(), id -> reload.run());
    }
}
