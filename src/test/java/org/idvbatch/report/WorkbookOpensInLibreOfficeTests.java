package org.idvbatch.report;

import org.idvbatch.SlowTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.idvbatch.archive.EvidenceArchive;
import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.reconcile.statement.StatementFileImporter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The workbooks open and print in another spreadsheet program: LibreOffice Calc converts the daily and the
 * month-to-date workbook to PDF, each page's footer names its sheet, the Summary prints on one page, and each
 * chart's page, rendered to an image with poppler's {@code pdftoppm}, has coloured marks (bars, a line) and not
 * only axes. LibreOffice and poppler come from {@code .ci/install-deps}; in CI (environment variable CI set) a
 * missing program fails the test, elsewhere it is skipped with the same message.
 *
 * <p>A day continued on numbered sheets opens too, each of them printing with the header row and its own name.
 *
 * <p>With {@code -Dreport.pages=DIR} the test also leaves the Summary page of each workbook and the monthly
 * workbook's two chart pages there as PNG: that is how the README's pictures are made (see
 * src/site/markdown/reports.md).
 */
@org.idvbatch.archive.ArchiveIntegrationTest
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
    @Autowired
    Clock clock;
    @Autowired
    ReportProperties props;
    /** Shared by the tests: LibreOffice prints the two workbooks once for all of them. */
    @TempDir
    static Path dir;

    static Path soffice;
    static Path pdftoppm;
    static Path pdftotext;
    static Path dailyPdf;
    static Path monthlyPdf;

    @BeforeEach
    void printBothWorkbooksOnce() throws Exception {
        soffice = program("soffice", "libreoffice-calc-nogui");
        pdftoppm = program("pdftoppm", "poppler-utils");
        pdftotext = program("pdftotext", "poppler-utils");
        if (monthlyPdf != null) {
            return;
        }
        ReportFixtures.writeDay(jdbc, statements, reconciler, archive, dir);
        // finished sessions on the day before too, so the pass-rate chart has a line and not only a point
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  state)
                SELECT 'tencent-faceid', 'FaceID', 'rule-1', 'order-d4-' || g, 'token-d4-' || g,
                       '2026-10-04 09:00:00+08', CASE WHEN g < 3 THEN 'PASSED' ELSE 'FAILED' END
                  FROM generate_series(0, 3) g""").update();
        // a run started a few seconds ago, so the pictures show a plausible duration
        Instant started = clock.instant().minusSeconds(9);
        Path day = daily.write(new RunInfo(ReportFixtures.DAY, 1L, started, "0.1.0"));
        Path month = monthly.write(MonthlyWorkbookTests.OCTOBER, new RunInfo(ReportFixtures.DAY, 1L, started, "0.1.0"));
        Path out = Files.createDirectories(dir.resolve("pdf"));
        String log = run(180, soffice.toString(), "-env:UserInstallation=" + dir.resolve("lo-profile").toUri(),
                "--headless", "--convert-to", "pdf", "--outdir", out.toString(), day.toString(), month.toString());
        for (Path pdf : List.of(out.resolve("idv-daily-2026-10-05.pdf"), out.resolve("idv-monthly-2026-10.pdf"))) {
            assertThat(pdf).as("converted " + pdf.getFileName() + "; soffice said: " + log).exists();
            assertThat(Files.readAllBytes(pdf)).startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
        }
        dailyPdf = out.resolve("idv-daily-2026-10-05.pdf");
        monthlyPdf = out.resolve("idv-monthly-2026-10.pdf");
    }

    @Test
    void everyPrintedPageNamesItsSheetAndTheSummaryFitsOnOnePage() throws Exception {
        List<String> dailyPages = pages(dailyPdf);
        List<String> monthlyPages = pages(monthlyPdf);
        assertThat(dailyPages).allSatisfy(p -> assertThat(p).contains("期间 2026-10-05"));
        assertThat(monthlyPages).allSatisfy(p -> assertThat(p).contains("期间 2026-10-01 – 2026-10-05"));
        for (List<String> pages : List.of(dailyPages, monthlyPages)) {
            assertThat(pages.get(0)).contains("汇总").contains("第 1 页，共 " + pages.size() + " 页")
                    .contains("各服务商通过率").contains("待服务商数据的对账行");
            assertThat(pages.get(1)).doesNotContain("汇总");
        }
        // one page per small sheet, no slivers of columns: the fixture's day is a handful of rows
        assertThat(dailyPages).as("Summary, Reconciliation, Differing calls, Exceptions, Sessions, Archive")
                .hasSize(6);
        assertThat(monthlyPages).as("Summary, Daily (table, two charts), Roll-up, Reconciliation, Compliance,"
                + " Close, Exceptions").hasSize(9);
    }

    @Test
    void theCompliancePageShowsTheKeyTablesDatesAndTheBacklogsHeadersWhole() throws Exception {
        List<String> pages = pages(monthlyPdf);
        String compliance = pages.get(lastPageWith(pages, "在用的密钥加密密钥") - 1);
        // a date wider than its column prints as ###; a header wider than its column, wrapped in a row of one
        // line, printed only its last line ("时间）", "Shanghai）")
        assertThat(compliance).as("the Compliance page").doesNotContain("###")
                .contains("2026-10-05").contains("最早到期").contains("预计清空日");
    }

    @Test
    void eachChartPageShowsItsSeriesNotOnlyItsAxes() throws Exception {
        List<String> pages = pages(monthlyPdf);
        // at 60 dpi, the legend's keys alone are some tens of coloured pixels; five days of bars are thousands
        record Chart(String title, int leastColoured, String picture) {
        }
        for (Chart chart : List.of(new Chart("每日计费调用：台账与服务商", 1_000, "monthly-billable-calls.png"),
                new Chart("每日通过率", 120, "monthly-pass-rate.png"))) {
            int page = lastPageWith(pages, chart.title());
            assertThat(colouredPixels(render(monthlyPdf, page, 60)))
                    .as("coloured pixels (bars or line) on the page of chart " + chart.title())
                    .isGreaterThan(chart.leastColoured());
            keep(monthlyPdf, page, chart.picture());
        }
    }

    @Test
    void theSummaryPrintsLandscapeOnEitherWorkbook() throws Exception {
        for (Path pdf : List.of(dailyPdf, monthlyPdf)) {
            BufferedImage image = render(pdf, 1, 60);
            assertThat(image.getWidth()).as("landscape").isGreaterThan(image.getHeight());
            keep(pdf, 1, pdf == dailyPdf ? "daily-summary.png" : "monthly-summary.png");
        }
    }

    @Test
    void aDayContinuedOnNumberedSheetsOpensAndEachOfThemPrintsWithItsHeaderAndName() throws Exception {
        // the fixture's day and 40 sessions more, on sheets of 30 rows: Sessions, Sessions (2), Sessions (3)
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  state)
                SELECT 'tencent-faceid', 'FaceID', 'rule-1', 'order-more-' || g, 'token-more-' || g,
                       '2026-10-05 15:00:00+08'::timestamptz + g * interval '1 second', 'PASSED'
                  FROM generate_series(1, 40) g""").update();
        Path written = daily.with(props, 30).write(new RunInfo(ReportFixtures.DAY, 2L, clock.instant(), "0.1.0"));
        Path numbered = Files.createDirectories(dir.resolve("numbered"));
        Path workbook = Files.copy(written, numbered.resolve("idv-daily-numbered.xlsx"));
        String log = run(180, soffice.toString(), "-env:UserInstallation=" + dir.resolve("lo-profile").toUri(),
                "--headless", "--convert-to", "pdf", "--outdir", numbered.toString(), workbook.toString());
        Path pdf = numbered.resolve("idv-daily-numbered.pdf");
        assertThat(pdf).as("converted; soffice said: " + log).exists();
        List<String> pages = pages(pdf);
        for (String sheet : List.of("会话明细 (2)", "会话明细 (3)")) {
            List<String> printed = pages.stream().filter(p -> p.contains(sheet)).toList();
            assertThat(printed).as("pages of " + sheet).isNotEmpty()
                    .allSatisfy(p -> assertThat(p).contains("会话ID").contains("创建时间").contains("期间 2026-10-05"));
        }
        assertThat(String.join("\f", pages)).as("the last session, on the third sheet").contains("token-more-40");
    }

    /** With -Dreport.pages=DIR, the page is rendered again at 100 dpi into DIR/{@code name} (README pictures). */
    private static void keep(Path pdf, int page, String name) throws Exception {
        String target = System.getProperty("report.pages");
        if (target != null && !target.isBlank()) {
            render(pdf, page, 100);
            Files.copy(dir.resolve("page.png"), Files.createDirectories(Path.of(target)).resolve(name),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The text of each page, in order (pdftotext separates pages with a form feed). */
    private static List<String> pages(Path pdf) throws Exception {
        Path text = dir.resolve(pdf.getFileName() + ".txt");
        run(60, pdftotext.toString(), "-layout", pdf.toString(), text.toString());
        List<String> pages = new ArrayList<>(List.of(Files.readString(text).split("\f", -1)));
        if (pages.get(pages.size() - 1).isBlank()) {
            pages.remove(pages.size() - 1);
        }
        return pages;
    }

    /** The last page whose text has {@code text} (LibreOffice also puts a clipped copy of the next chart's text on a page). */
    private static int lastPageWith(List<String> pages, String text) {
        for (int i = pages.size() - 1; i >= 0; i--) {
            if (pages.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("no page shows " + text);
    }

    /** Page {@code page} (1-based) as an image; also left as page.png in the test directory. */
    private static BufferedImage render(Path pdf, int page, int dpi) throws Exception {
        Path prefix = dir.resolve("page");
        run(60, pdftoppm.toString(), "-f", String.valueOf(page), "-l", String.valueOf(page), "-r", String.valueOf(dpi),
                "-singlefile", "-png", pdf.toString(), prefix.toString());
        return ImageIO.read(dir.resolve("page.png").toFile());
    }

    /** Pixels clearly not grey: series colours, where axes, grid lines and text are black or grey. */
    static long colouredPixels(BufferedImage image) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                    n++;
                }
            }
        }
        return n;
    }

    private static String run(int seconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
            fail(command[0] + " did not finish within " + seconds + " s: " + log);
        }
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + log).isZero();
        return log;
    }

    private static Path program(String name, String debianPackage) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(d, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String missing = name + " is not on the PATH: run .ci/install-deps, which installs Debian's " + debianPackage;
        if (System.getenv("CI") == null) {
            Assumptions.abort(missing + " (skipped because CI is not set)");
        }
        return fail(missing);
    }
}
