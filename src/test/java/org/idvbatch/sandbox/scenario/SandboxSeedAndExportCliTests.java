package org.idvbatch.sandbox.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.idvbatch.sandbox.SessionSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code sandbox seed} and {@code sandbox export-statement} through the CLI, against a running sandbox. */
@IdvIntegrationTest
class SandboxSeedAndExportCliTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    HikariDataSource dataSource;

    @TempDir
    Path dir;

    private final String id = SandboxTestAccounts.id("LTAI");
    private ProviderSandbox sandbox;
    private final LocalDate lastDay = LocalDate.of(2026, 11, 20);

    @BeforeEach
    void start() {
        jdbc.sql("DELETE FROM verification_session").update();
        sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(id, SandboxTestAccounts.secret())));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private int cli(StringWriter out, String... args) {
        // the CLI's context reads config like a user run: point its placeholders at the test database
        return org.idvbatch.TestCommands.run(org.idvbatch.TestCommands.against(dataSource.getJdbcUrl(),
                "IDV_DATA_DIR", "target/test-cli-data", "idv.reports.dir", "target/test-reports"), out, out, args);
    }

    @Test
    void sameSeedGivesTheSameScenario() {
        ScenarioPlan plan = new ScenarioPlan(300, 5, 42, lastDay, List.of("a", "b"));
        List<SessionSpec> first = ScenarioGenerator.generate(plan);
        assertThat(ScenarioGenerator.generate(plan)).isEqualTo(first);
        assertThat(first).extracting(SessionSpec::provider).contains(Provider.values());
        assertThat(ScenarioGenerator.generate(new ScenarioPlan(300, 5, 43, lastDay, List.of("a", "b"))))
                .isNotEqualTo(first);
    }

    @Test
    void seedsTheSandboxAndTheLedgerAndExportsTheConsoleStatement() throws Exception {
        StringWriter out = new StringWriter();
        String url = "http://" + sandbox.endpoint();
        assertThat(cli(out, "sandbox", "seed", "--sessions", "400", "--days", "3", "--seed", "7", "--last-day",
                lastDay.toString(), "--url", url)).as(out.toString()).isZero();
        assertThat(sandbox.sessions().list(null)).hasSize(400);
        assertThat(jdbc.sql("SELECT count(*) FROM verification_session WHERE account = ?").param(id)
                .query(Long.class).single()).as(out.toString()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT count(*) FROM verification_session WHERE name_hmac IS NULL "
                + "OR id_number_mask NOT LIKE '%*%'").query(Long.class).single()).isZero();
        // seeding again changes nothing: the sandbox and the ledger already hold the same sessions
        StringWriter again = new StringWriter();
        assertThat(cli(again, "sandbox", "seed", "--sessions", "400", "--days", "3", "--seed", "7",
                "--last-day", lastDay.toString(), "--url", url)).as(again.toString()).isZero();
        assertThat(again.toString()).contains("0 registered").contains("0 new ledger rows");
        assertThat(sandbox.sessions().list(null)).hasSize(400);
        assertThat(jdbc.sql("SELECT count(*) FROM verification_session").query(Long.class).single()).isEqualTo(400);

        sandbox.clock().set(java.time.Instant.parse("2026-11-22T00:00:00Z"));
        Path csv = dir.resolve("t.csv");
        assertThat(cli(out, "sandbox", "export-statement", "--provider", "tencent-faceid", "--date",
                lastDay.minusDays(1).toString(), "--url", url, "--out", csv.toString())).as(out.toString()).isZero();
        List<String> lines = Files.readAllLines(csv, Charset.forName("GBK"));
        assertThat(lines.get(0)).isEqualTo("日期,账号,产品,场景,计费类型,调用量,计费量,单价(元),金额(元)");
        assertThat(lines.get(lines.size() - 1)).startsWith("合计");

        Path bom = dir.resolve("a.csv");
        cli(out, "sandbox", "export-statement", "--provider", "aliyun-cloudauth", "--date",
                lastDay.minusDays(1).toString(), "--url", url, "--out", bom.toString());
        byte[] bytes = Files.readAllBytes(bom);
        assertThat(new String(bytes, 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo("\u00ef\u00bb\u00bf");

        Path xlsx = dir.resolve("a.xlsx");
        assertThat(cli(out, "sandbox", "export-statement", "--provider", "aliyun-idv", "--date",
                lastDay.toString(), "--format", "xlsx", "--url", url, "--out", xlsx.toString())).isZero();
        try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(xlsx))) {
            assertThat(wb.getSheetAt(0).getRow(0).getCell(6).getStringCellValue()).isEqualTo("计费量");
        }
    }

    @Autowired
    org.springframework.context.ApplicationContext context;
    /** Not a bean (nothing of the sandbox is): made over the test context's ledger, as its commands make it. */
    ScenarioLedgerWriter writer;

    @org.junit.jupiter.api.BeforeEach
    void ledgerWriter() {
        writer = ScenarioLedgerWriter.of(context);
    }

    @Test
    void writesScenarioSessionsIntoTheLedgerOnce() {
        List<SessionSpec> specs = ScenarioGenerator.generate(new ScenarioPlan(30, 2, 5, lastDay, List.of(id)));
        assertThat(writer.insert(specs)).isEqualTo(30);
        assertThat(writer.insert(specs)).isZero();
    }

    @Test
    void rejectsAMalformedAccountOption() {
        StringWriter out = new StringWriter();
        assertThat(cli(out, "sandbox", "--port", "0", "--account", "nocolon")).isEqualTo(2);
        assertThat(out.toString()).contains("expected ID:SECRET").doesNotContain("nocolon:");
    }

    @Test
    void retainsSessionsInTheLedgerAfterTheSandboxForgotThem() {
        List<SessionSpec> seeded = ScenarioGenerator.seed(sandbox, new ScenarioPlan(50, 1, 1, lastDay, List.of(id)));
        assertThat(writer.insert(seeded)).isEqualTo(50);
        sandbox.clock().advance(Duration.ofDays(400));
        // the sandbox still lists its 50 sessions, every one past its retention: it has forgotten their results
        assertThat(sandbox.sessions().list(null)).hasSize(50).allMatch(sandbox.sessions()::isPurged);
        // the ledger has not: every session is still there, with its masked identity
        assertThat(jdbc.sql("SELECT count(*) FROM verification_session WHERE account = ? AND id_number_mask LIKE '%*%'")
                .param(id).query(Long.class).single()).isEqualTo(50);
    }
}
