package org.idvbatch.schedule;

/** The PostgreSQL a {@link DaemonCluster}'s nodes share, and the login they use. */
enum ClusterServer {

    /** The embedded PostgreSQL 17 (zonky binaries from Maven), as its superuser. */
    EMBEDDED_17,

    /**
     * Debian's PostgreSQL 15, the oldest major idv-batch supports, started by the test as a separate server; the
     * nodes log in as a role that is not a superuser and owns only its schema.
     */
    DEBIAN_15_AS_APPLICATION_ROLE,

    /** The same server and role, every node's connections going through PgBouncer 1.18 in transaction mode. */
    DEBIAN_15_THROUGH_PGBOUNCER
}
