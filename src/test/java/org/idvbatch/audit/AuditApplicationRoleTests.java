package org.idvbatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.archive.store.ObjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The application's role as audit-proof.md sets it up (a role that owns nothing, with the grants of
 * {@code org/idvbatch/audit/application-role.sql}): it appends to each audit table, chained, and is refused an
 * UPDATE, a DELETE outside the sanctioned removals, a TRUNCATE and the disabling of a trigger.
 */
@IdvIntegrationTest
class AuditApplicationRoleTests {

    static final String ROLE = "idv_app_audit_test";

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager txManager;
    @Autowired
    ObjectStore store;

    @BeforeEach
    void theApplicationsRole() throws IOException {
        AuditTrail trail = new AuditTrail(jdbc, txManager);
        trail.empty(store);
        java.time.Instant now = java.time.Instant.now();
        trail.operatorAction(now, "young");
        trail.consoleAudit(now);
        trail.evidenceAudit(now);
        long session = org.idvbatch.LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID",
                "role-" + java.util.UUID.randomUUID(), now);
        jdbc.sql("""
                INSERT INTO provider_deletion (session_id, provider, account, action, cause, requested_at, outcome, actor)
                VALUES (:s, 'tencent-faceid', 'acct-1', 'DeleteFaceVerifyResult', 'AFTER_ARCHIVE', now(), 'DELETED', 'nightly')
                """).param("s", session).update();
        trail.confirmationRead(now, "CONFIRMED");
        String grants;
        try (InputStream in = getClass().getResourceAsStream("/org/idvbatch/audit/application-role.sql")) {
            grants = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String schema = jdbc.sql("SELECT current_schema()").query(String.class).single();
        jdbc.sql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "') THEN"
                + " CREATE ROLE " + ROLE + " NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS; END IF; END $$")
                .update();
        jdbc.sql("GRANT USAGE ON SCHEMA " + schema + " TO " + ROLE).update();
        String withoutComments = grants.lines().filter(l -> !l.strip().startsWith("--"))
                .reduce("", (a, b) -> a + "\n" + b);
        for (String statement : withoutComments.replace("idv_schema", schema).replace("idv_app", ROLE).split(";")) {
            String sql = statement.strip();
            if (!sql.isEmpty()) {
                jdbc.sql(sql).update();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"operator_action", "console_audit", "evidence_audit", "provider_deletion",
        "provider_deletion_check", "reconcile_explanation", "reconcile_month_action", "reconcile_month_lock"})
    void theApplicationsRoleIsRefusedAnUpdateADeleteATruncateAndTheTriggersOfEachAuditTable(String table)
            throws SQLException {
        if (table.equals("operator_action")) {
            assertThat(asApplication("INSERT INTO operator_action (at, actor, action, reason)"
                    + " VALUES (now(), 'ops-li', 'REQUEUE', 'appended as the application') RETURNING chain_seq"))
                    .as("chained by the trigger, with its owner's rights").isEqualTo("done 2");
        }
        String column = table.equals("reconcile_month_lock") ? "version = version"
                : table.equals("provider_deletion") ? "message = 'x'"
                : table.equals("provider_deletion_check") ? "outcome = 'CONFIRMED'"
                : table.equals("reconcile_month_action") ? "actor = 'x'" : "reason = 'x'";
        for (String sql : List.of("UPDATE " + table + " SET " + column, "UPDATE " + table + " SET row_hash = NULL",
                "TRUNCATE " + table)) {
            assertThat(asApplication(sql)).as(sql).contains("permission denied");
        }
        String delete = asApplication("DELETE FROM " + table);
        if (table.startsWith("reconcile_")) {
            assertThat(delete).as("no removal of a sign-off is sanctioned").contains("permission denied");
        } else {
            assertThat(delete).as("a young row: the privilege serves the sanctioned removals only")
                    .contains("append-only");
        }
        assertThat(asApplication("ALTER TABLE " + table + " DISABLE TRIGGER USER")).contains("must be owner");
        assertThat(asApplication("UPDATE audit_chain SET seq = 0")).contains("permission denied");
    }

    /** Runs {@code sql} as the application's role in a transaction rolled back after: "done" or the error. */
    private String asApplication(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute("SET LOCAL ROLE " + ROLE);
                if (s.execute(sql)) {
                    try (var rs = s.getResultSet()) {
                        rs.next();
                        return "done " + rs.getString(1);
                    }
                }
                return "done";
            } catch (SQLException e) {
                return e.getMessage();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }
}
