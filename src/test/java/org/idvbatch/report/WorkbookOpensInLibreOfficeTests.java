package org.idvbatch.report;

import org.idvbatch.SlowTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.idvbatch.archive.EvidenceArchive;
import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.reconcile.statement.StatementFileImporter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The workbooks open in another spreadsheet program: LibreOffice converts the daily and the monthly one (with
 * charts) to PDF without error. LibreOffice comes from {@code .ci/install-deps}; in CI (environment variable CI
 * set) a missing {@code soffice} fails the test, elsewhere it is skipped with the same message.
 */
@ReportIntegrationTest
@SlowTest
class WorkbookOpensInLibreOfficeTests {

    @Autowired
    DailyReportWriter daily;
    @Autowired
    MonthlyReportWriter monthly;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StatementFileImporter statements;
    @Autowired
    Reconciler reconciler;
    @Autowired
    EvidenceArchive archive;
    @TempDir
    Path dir;

    @Test
    void libreOfficeConvertsTheDailyAndTheMonthlyWorkbookToPdf() throws Exception {
        Path soffice = soffice();
        ReportFixtures.writeDay(jdbc, statements, reconciler, archive, dir);
        Path day = daily.write(new RunInfo(ReportFixtures.DAY, 1L, Instant.parse("2026-10-05T18:00:00Z"), "test"));
        Path month = monthly.write(MonthlyWorkbookTests.OCTOBER, MonthlyWorkbookTests.run());
        Path out = Files.createDirectories(dir.resolve("pdf"));
        Process p = new ProcessBuilder(soffice.toString(), "-env:UserInstallation=" + dir.resolve("lo-profile").toUri(),
                "--headless", "--convert-to", "pdf", "--outdir", out.toString(), day.toString(), month.toString())
                .redirectErrorStream(true).start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
            fail("soffice did not finish within 180 s: " + log);
        }
        assertThat(p.exitValue()).as(log).isZero();
        for (String pdf : List.of("idv-daily-2026-10-05.pdf", "idv-monthly-2026-10.pdf")) {
            Path file = out.resolve(pdf);
            assertThat(file).as("converted " + pdf + "; soffice said: " + log).exists();
            assertThat(Files.readAllBytes(file)).startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static Path soffice() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(d, "soffice");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String missing = "soffice (LibreOffice) is not on the PATH: run .ci/install-deps, which installs Debian's"
                + " libreoffice-calc-nogui";
        if (System.getenv("CI") == null) {
            Assumptions.abort(missing + " (skipped because CI is not set)");
        }
        return fail(missing);
    }
}
