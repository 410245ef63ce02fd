package org.idvbatch.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

@IdvIntegrationTest
class SchemaMigrationTests {

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
    }

    @Test
    void emptyDatabaseGetsLedgerBatchAndQuartzTables() {
        for (String table : new String[] {"verification_session", "billable_call", "batch_job_instance",
                "batch_step_execution", "qrtz_triggers", "qrtz_locks"}) {
            assertThat(jdbc.sql("SELECT to_regclass(:t) IS NOT NULL").param("t", table).query(Boolean.class).single())
                    .as(table).isTrue();
        }
        assertThat(jdbc.sql("SELECT bool_and(success) FROM flyway_schema_history").query(Boolean.class).single())
                .isTrue();
    }

    @Test
    void rowInsertedByMerchantServerGetsDeadlineFromConfiguredRetention() {
        Instant created = Instant.parse("2026-11-24T01:00:00Z");
        long id = LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "biz-token-1", created);
        var row = jdbc.sql("SELECT retention_deadline, next_attempt_at, state FROM verification_session WHERE id = ?")
                .param(id).query().singleRow();
        assertThat(((java.sql.Timestamp) row.get("retention_deadline")).toInstant())
                .isEqualTo(created.plus(Duration.ofDays(3)));
        assertThat(((java.sql.Timestamp) row.get("next_attempt_at")).toInstant()).isEqualTo(created);
        assertThat(row.get("state")).isEqualTo("PENDING");
    }

    @Test
    void illegalStateChangeIsRefusedByTheDatabase() {
        long id = LedgerFixtures.insertSession(jdbc, "aliyun-cloudauth", "FaceVerify", "certify-1", Instant.now());
        jdbc.sql("UPDATE verification_session SET state = 'PASSED' WHERE id = ?").param(id).update();
        assertThatThrownBy(() -> jdbc.sql("UPDATE verification_session SET state = 'PENDING' WHERE id = ?")
                .param(id).update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("illegal state change PASSED -> PENDING");
    }

    @Test
    void sameProviderReferenceCannotBeRecordedTwice() {
        LedgerFixtures.insertSession(jdbc, "aliyun-idv", "IdVerification", "tx-1", Instant.now());
        assertThatThrownBy(() -> LedgerFixtures.insertSession(jdbc, "aliyun-idv", "IdVerification", "tx-1",
                Instant.now())).isInstanceOf(DataIntegrityViolationException.class);
    }
}
