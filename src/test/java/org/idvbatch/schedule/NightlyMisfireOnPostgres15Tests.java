package org.idvbatch.schedule;

import org.idvbatch.SlowTest;

/**
 * {@link NightlyMisfireTests} on Debian's PostgreSQL 15, a separate server the test starts, the nodes logged in as
 * a role that is not a superuser and owns only its schema: Quartz's misfire recovery works as that role.
 */
@SlowTest
class NightlyMisfireOnPostgres15Tests extends NightlyMisfireTests {

    @Override
    ClusterServer server() {
        return ClusterServer.DEBIAN_15_AS_APPLICATION_ROLE;
    }
}
