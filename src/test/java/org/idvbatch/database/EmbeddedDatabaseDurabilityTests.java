package org.idvbatch.database;

import org.idvbatch.SlowTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.command.ApplicationContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The embedded default keeps its data across runs and is durable; an external URL bypasses it. */
@SlowTest
class EmbeddedDatabaseDurabilityTests {

    @TempDir
    Path dataDir;

    @Test
    void secondRunSeesTheFirstRunsDataAndCommitsAreDurable() {
        ApplicationContextFactory contexts = org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of(
                "idv.data-dir", dataDir.toString(), "idv.reports.dir", dataDir.resolve("reports").toString()));
        try (ConfigurableApplicationContext first = contexts.start(Map.of())) {
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "survives-restart", Instant.now());
            assertThat(jdbc.sql("SHOW fsync").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("SHOW shared_buffers").query(String.class).single())
                    .as("server settings from config/application.yml reach the server").isEqualTo("256MB");
        }
        try (ConfigurableApplicationContext second = contexts.start(Map.of())) {
            assertThat(second.getBean(JdbcClient.class).sql("SELECT provider_ref FROM verification_session")
                    .query(String.class).list()).containsExactly("survives-restart");
        }
        assertThat(dataDir.resolve("pg/PG_VERSION")).exists();
    }

    @Test
    void configuredServerSettingsCannotTurnDurabilityOff() {
        var props = new EmbeddedDatabaseProperties(dataDir, true, 0, Map.of("synchronous_commit", "off"));
        assertThatThrownBy(() -> new EmbeddedDatabaseConfiguration().embeddedPostgres(props))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("idv.database.embedded.server.synchronous_commit");
    }

    @Test
    void externalServerGivenByUrlIsMigratedAndNoEmbeddedServerStarts() throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            String url = external.getJdbcUrl("postgres", "postgres");
            ApplicationContextFactory contexts = org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of(
                    "spring.datasource.url", url, "spring.datasource.username", "postgres",
                    "idv.data-dir", dataDir.toString()));
            try (ConfigurableApplicationContext ctx = contexts.start(Map.of())) {
                assertThat(ctx.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
                LedgerFixtures.insertSession(ctx.getBean(JdbcClient.class), "aliyun-idv", "IdVerification", "tx-ext",
                        Instant.now());
            }
            assertThat(JdbcClient.create(external.getPostgresDatabase())
                    .sql("SELECT provider_ref FROM verification_session").query(String.class).list())
                    .containsExactly("tx-ext");
            assertThat(dataDir.resolve("pg")).doesNotExist();
        }
    }
}
