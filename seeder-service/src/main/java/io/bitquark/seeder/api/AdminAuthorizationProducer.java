package io.bitquark.seeder.api;

import io.bitquark.rest.AdminAuthorization;
import io.bitquark.seeder.config.SeederConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The bearer-token check of mutating calls, from {@code bitquark.seeder.admin-token}. */
public class AdminAuthorizationProducer {

    @Produces
    @Singleton
    AdminAuthorization adminAuthorization(SeederConfig config) {
        return new AdminAuthorization(config.adminToken());
    }
}
