package org.idvbatch.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.SlowTest;
import org.idvbatch.demo.DemoEnvironment;
import org.idvbatch.nightly.NightlyRunner;
import org.idvbatch.reconcile.ReconcileProperties;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The profile json-logs, as a log shipper reads it: a demo night at idv-batch's DEBUG level writes every stderr line as
 * one ECS JSON document, and none of them carries a seeded name or ID number, a provider secret, or the identity
 * HMAC key.
 */
@SlowTest
class JsonLogLinesTests {

    static final Path WORK = Path.of("target/json-log-test").toAbsolutePath();

    @Test
    void aDemoNightLogsOneEcsJsonDocumentPerLineWithNoPersonalDataAndNoSecret() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        List<String> secrets = new ArrayList<>();
        java.util.Set<String> personal;
        try (DemoEnvironment world = DemoEnvironment.start(Instant.parse("2026-11-18T02:30:00Z"))) {
            Map<String, Object> props = new HashMap<>(world.properties());
            props.forEach((k, v) -> {
                if (k.endsWith("secret")) {
                    secrets.add(String.valueOf(v));
                }
            });
            props.putAll(Map.of("idv.database.embedded.ephemeral", "true", "idv.data-dir", WORK.toString(),
                    "idv.reports.dir", WORK.resolve("reports").toString(),
                    "idv.identity.hmac-key-file", WORK.resolve("keys/hmac.key").toString(),
                    "idv.archive.root", WORK.resolve("archive").toString(),
                    "idv.archive.kek-file", WORK.resolve("keys/kek.json").toString(),
                    "idv.reconcile.inbox", WORK.resolve("inbox").toString(),
                    "logging.level.org.idvbatch", "DEBUG"));
            // as SPRING_PROFILES_ACTIVE=json-logs would: before the environment is prepared
            System.setProperty("spring.profiles.active", "json-logs");
            // another test's context still open (Spring's test context cache) keeps logging initialized, and Boot
            // would not configure it again for this context: mark it uninitialized, as a fresh JVM would have it
            org.springframework.boot.logging.LoggingSystem.get(getClass().getClassLoader()).cleanUp();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try (ConfigurableApplicationContext ctx = org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of())
                    .start(props, world.clock())) {
                LocalDate day = BusinessDay.yesterday(world.clock()).date();
                world.seed(ctx, day, ctx.getBean(ReconcileProperties.class).inbox());
                assertThat(ctx.getBean(NightlyRunner.class).run(day, false).succeeded()).isTrue();
            } finally {
                System.setErr(stderr);
                System.clearProperty("spring.profiles.active");
            }
            personal = world.seededPersonalData();
        }
        secrets.add(Files.readString(WORK.resolve("keys/hmac.key")).strip());

        String log = captured.toString(StandardCharsets.UTF_8);
        Files.writeString(WORK.resolve("stderr.jsonl"), log); // what operations.md's example line is taken from
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("the night logs at DEBUG").hasSizeGreaterThan(20);
        JsonMapper json = JsonMapper.builder().build();
        for (String line : lines) {
            JsonNode doc = json.readTree(line);
            assertThat(doc.has("@timestamp")).as(line).isTrue();
            assertThat(doc.has("message")).as(line).isTrue();
            assertThat(doc.path("log").path("level").asString()).as(line).isNotEmpty();
            assertThat(doc.path("service").path("name").asString()).as(line).isEqualTo("idv-batch");
        }
        assertThat(log).contains("\"org.idvbatch."); // idv-batch's own lines are among them
        assertThat(personal).as("the demo's people").isNotEmpty();
        for (String clear : personal) {
            assertThat(log).as("a seeded name or ID number").doesNotContain(clear);
        }
        for (String secret : secrets) {
            assertThat(secret).isNotBlank();
            assertThat(log).as("a secret").doesNotContain(secret);
        }
    }
}
