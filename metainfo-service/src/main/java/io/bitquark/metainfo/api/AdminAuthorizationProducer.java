package io.bitquark.metainfo.api;

import io.bitquark.metainfo.config.MetainfoConfig;
import io.bitquark.rest.AdminAuthorization;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The bearer-token check of mutating calls, from {@code bitquark.metainfo.admin-token}. */
public class AdminAuthorizationProducer {

    @Produces
    @Singleton
    AdminAuthorization adminAuthorization(MetainfoConfig config) {
        return new AdminAuthorization(config.adminToken());
    }
}
