package org.idvbatch.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.idvbatch.SlowTest;
import org.junit.jupiter.api.Test;

/**
 * {@link ClusterFailoverTests} on Debian's PostgreSQL 15 (the oldest major idv-batch supports), a separate server
 * the test starts, the nodes logged in as a role that is not a superuser and owns only its schema: Flyway, Quartz's
 * clustered job store and Spring Batch all work as that role.
 */
@SlowTest
class ClusterFailoverOnPostgres15Tests extends ClusterFailoverTests {

    @Override
    ClusterServer server() {
        return ClusterServer.DEBIAN_15_AS_APPLICATION_ROLE;
    }

    @Test
    void theNodesLoginIsAPlainRoleOnPostgres15ThatOwnsEveryTableInItsOwnSchemaAndNothingElse() throws Exception {
        try (DaemonCluster cluster = newCluster("cluster-login")) {
            assertThat(cluster.jdbc.sql("SHOW server_version_num").query(Integer.class).single() / 10000)
                    .as("PostgreSQL major").isEqualTo(15);
            assertThat(cluster.jdbc.sql("""
                    SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls FROM pg_roles
                     WHERE rolname = current_user""").query().singleRow())
                    .as("the role's attributes").containsOnlyKeys("rolsuper", "rolcreatedb", "rolcreaterole",
                            "rolreplication", "rolbypassrls").allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(false));
            assertThat(cluster.jdbc.sql("SELECT current_schema()").query(String.class).single()).isEqualTo("idv");
            Map<String, Object> owned = cluster.jdbc.sql("""
                    SELECT count(*) FILTER (WHERE n.nspname = 'idv') AS in_schema,
                           count(*) FILTER (WHERE n.nspname <> 'idv') AS elsewhere
                      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                       AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast%'""").query().singleRow();
            assertThat((Long) owned.get("in_schema")).as("Flyway made the tables as the role, in its schema")
                    .isGreaterThan(40);
            assertThat(owned.get("elsewhere")).as("the role owns nothing outside its schema").isEqualTo(0L);
            assertThat(cluster.jdbc.sql("""
                    SELECT count(*) FROM pg_tables WHERE schemaname = 'idv' AND tableowner <> current_user""")
                    .query(Long.class).single()).isZero();
            assertThat(cluster.jdbc.sql("SELECT has_schema_privilege('public', 'CREATE')").query(Boolean.class).single())
                    .as("nothing may be created in public").isFalse();
            assertThat(cluster.jdbc.sql("SELECT bool_and(success) FROM flyway_schema_history").query(Boolean.class)
                    .single()).as("every migration applied on 15").isTrue();
        }
    }
}
