package org.idvbatch.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A partition must not count due sessions that another transaction holds as done. Found by the cluster test:
 * a worker whose step execution had been taken over still held its chunk when the partition was run again;
 * the new run skipped those locked rows, finished, and the chunk then rolled back, leaving them unharvested.
 */
class DueSessionsHeldElsewhereTests extends SandboxHarvestTests {

    @Autowired
    HarvestRunner harvest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
        SANDBOX.faults(Provider.TENCENT_FACEID, FaultSettings.none());
    }

    @Test
    void sessionsHeldByAnotherTransactionAreHarvestedOnceItRollsBack() throws Exception {
        Instant old = SANDBOX.clock().now().minus(Duration.ofHours(3)); // final answers
        for (int i = 0; i < 8; i++) {
            SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.TENCENT_FACEID, "FaceID", "1", "held-" + i, null,
                    old, Outcome.PASS, old.plusSeconds(60));
        }
        JobExecution run;
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.execute("SELECT id FROM verification_session WHERE provider_ref IN ('held-1', 'held-4', 'held-6')"
                        + " FOR UPDATE");
            }
            CompletableFuture<JobExecution> harvesting = CompletableFuture.supplyAsync(() -> {
                try {
                    return harvest.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1500);
            assertThat(harvesting).as("still waiting for the held sessions").isNotDone();
            other.rollback(); // like a chunk that fails after its claim
            run = harvesting.get(60, TimeUnit.SECONDS);
        }

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.sql("SELECT count(*) FROM verification_session WHERE state = 'PASSED' AND attempts = 1")
                .query(Long.class).single()).as("all eight harvested, once").isEqualTo(8);
    }
}
