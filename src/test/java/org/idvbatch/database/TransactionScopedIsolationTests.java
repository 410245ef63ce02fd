package org.idvbatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import org.idvbatch.SlowTest;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction that asks for an isolation level (Spring Batch's SERIALIZABLE job creation, the report's
 * REPEATABLE READ) gets it from a statement inside the transaction; the session, which a transaction-mode pooler
 * hands to other clients, keeps its default.
 */
@SlowTest
class TransactionScopedIsolationTests {

    @Test
    void aTransactionRunsAtTheLevelItAskedForWhileTheSessionKeepsItsDefaultBeforeDuringAndAfter() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); GuardedDataSource ds = new GuardedDataSource()) {
            ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
            ds.setMaximumPoolSize(1); // one physical connection: what a transaction leaves on it is seen next
            JdbcClient jdbc = JdbcClient.create(ds);
            TransactionTemplate serializable = new TransactionTemplate(new JdbcTransactionManager(ds));
            serializable.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
            String levels = "SELECT current_setting('transaction_isolation') || ' / '"
                    + " || current_setting('default_transaction_isolation')";

            List<String> inside = serializable.execute(s -> List.of(jdbc.sql(levels).query(String.class).single(),
                    jdbc.sql(levels).query(String.class).single()));
            String after = jdbc.sql(levels).query(String.class).single();
            String nextTransaction = new TransactionTemplate(new JdbcTransactionManager(ds))
                    .execute(s -> jdbc.sql(levels).query(String.class).single());

            assertThat(inside).as("transaction / session, for each statement of the serializable transaction")
                    .containsExactly("serializable / read committed", "serializable / read committed");
            assertThat(after).isEqualTo("read committed / read committed");
            assertThat(nextTransaction).isEqualTo("read committed / read committed");
        }
    }
}
