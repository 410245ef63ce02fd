package org.idvbatch.schedule;

import org.idvbatch.SlowTest;

/**
 * {@link ClusterFailoverTests} with every node's connections going through PgBouncer 1.18 in transaction mode, in
 * front of Debian's PostgreSQL 15, as the role that owns only its schema: with the settings operations.md gives
 * ({@code prepareThreshold=0} on the URL, a pool as large as the nodes' pools together), Flyway, Quartz's cluster
 * and Spring Batch's restart across nodes work one transaction per server connection.
 */
@SlowTest
class ClusterFailoverThroughPgbouncerTests extends ClusterFailoverTests {

    @Override
    ClusterServer server() {
        return ClusterServer.DEBIAN_15_THROUGH_PGBOUNCER;
    }
}
