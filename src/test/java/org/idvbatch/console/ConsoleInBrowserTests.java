package org.idvbatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.idvbatch.SlowTest;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.batch.NightlyParameters;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.console.ConsoleProperties.Role;
import org.idvbatch.demo.DemoEnvironment;
import org.idvbatch.nightly.NightlyOutcome;
import org.idvbatch.nightly.NightlyRunner;
import org.idvbatch.reconcile.ReconcileProperties;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * The console in a real browser (Debian's headless Chromium through its chromedriver), served by a daemon against
 * the demo's world after one nightly run: every page for every role, sign-in, CSRF, the audited changes, the
 * downloads, and no clear personal data on any page. Screenshots of the main pages go to target/console-screenshots.
 */
@SlowTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleInBrowserTests {

    static final Path WORK = Path.of("target/console-test").toAbsolutePath();
    static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    static final Instant DEMO_AT = Instant.parse("2026-11-18T02:30:00Z"); // 10:30 in Shanghai
    static final String PASSWORD = "console-test-password";
    /** Pages every signed-in user opens, and the role each of the others needs. */
    static final List<String> EVERYONE = List.of("/", "/runs", "/schedules", "/sessions");
    static final Map<String, Set<Role>> RESTRICTED = Map.of("/reconciliation", EnumSet.of(Role.FINANCE),
            "/reports", EnumSet.of(Role.FINANCE, Role.COMPLIANCE), "/evidence", EnumSet.of(Role.COMPLIANCE));

    DemoEnvironment world;
    ConfigurableApplicationContext daemon;
    JdbcTemplate jdbc;
    String base;
    LocalDate businessDate;
    ChromeDriver browser;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void startTheDaemonAfterOneNight() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        world = DemoEnvironment.start(DEMO_AT);
        Map<String, Object> props = ConsoleTestDaemon.properties(world, WORK);
        ConsoleTestDaemon.users(props, PASSWORD, new String[] {"operator", "OPERATOR"},
                new String[] {"finance", "FINANCE"}, new String[] {"compliance", "COMPLIANCE"},
                new String[] {"viewer", "VIEWER"}, new String[] {"auditor", "OPERATOR,FINANCE,COMPLIANCE"},
                new String[] {"throttled", "VIEWER"});
        props.put("idv.console.login-throttle.first-delay", "PT30S");
        daemon = org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of()).startDaemon(props, world.clock());
        jdbc = daemon.getBean(JdbcTemplate.class);
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) daemon).getWebServer().getPort();
        businessDate = BusinessDay.yesterday(world.clock()).date();
        world.seed(daemon, businessDate, daemon.getBean(ReconcileProperties.class).inbox());
        NightlyOutcome night = daemon.getBean(NightlyRunner.class).run(businessDate, false);
        assertThat(night.succeeded()).as("the demo's night").isTrue();

        Path profile = Files.createTempDirectory("idv-console-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1440,1000", "--user-data-dir=" + profile, "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (world != null) {
            world.close();
        }
    }

    // --- signing in -------------------------------------------------------------------------------------------

    @Test
    void withoutSigningInEveryPageLeadsToTheLoginPageAndHealthStaysOpen() throws Exception {
        signOut();
        for (String page : List.of("/", "/runs", "/schedules", "/sessions", "/reconciliation", "/reports",
                "/evidence", "/runs/1", "/actuator/prometheus")) {
            HttpResponse<String> r = http.send(get(page, null), HttpResponse.BodyHandlers.ofString());
            if (page.startsWith("/actuator")) {
                assertThat(r.statusCode()).as(page).isEqualTo(401);
            } else {
                assertThat(r.statusCode()).as(page).isEqualTo(302);
                assertThat(r.headers().firstValue("Location").orElse("")).as(page).endsWith("/login");
            }
        }
        browser.get(base + "/runs");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        assertThat(browser.findElement(By.id("sign-in")).isDisplayed()).isTrue();
        assertThat(http.send(get("/actuator/health", null), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aWrongPasswordIsRefusedAndAudited() {
        signOut();
        signIn("viewer", "not-the-password");
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("Wrong user name or password");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM console_audit WHERE actor = 'viewer'"
                + " AND action = 'SIGN_IN' AND outcome = 'REFUSED' AND remote_addr = '127.0.0.1'", Long.class))
                .isPositive();
    }

    @Test
    void repeatedFailedSignInsMakeTheNextAttemptWaitEvenWithTheRightPassword() {
        signOut();
        for (int i = 0; i < 4; i++) { // three free failures, then the fourth starts a 30 s wait
            signIn("throttled", "wrong-" + i);
            assertThat(browser.findElements(By.id("login-error"))).hasSize(1);
        }
        signIn("throttled", PASSWORD);
        assertThat(browser.findElement(By.id("login-wait")).getText()).contains("Too many failed sign-ins");
        assertThat(browser.getCurrentUrl()).contains("/login");
        // each failure is a row of its own; the attempt refused unchecked is counted (issue 25)
        assertThat(jdbc.queryForObject("SELECT count(*) FROM console_audit WHERE actor = 'throttled'"
                + " AND action = 'SIGN_IN' AND outcome = 'REFUSED'", Long.class)).isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT sum(tries) FROM console_sign_in_tally WHERE actor = 'throttled'"
                + " AND reason = 'THROTTLED' AND channel = 'FORM'", Long.class)).isEqualTo(1);
    }

    @Test
    void aSignedInSessionExpiresAfterThirtyIdleMinutes() {
        var servlet = ((org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext) daemon)
                .getServletContext();
        assertThat(servlet.getSessionTimeout()).isEqualTo(30);
        assertThat(servlet.getSessionCookieConfig().isHttpOnly()).isTrue();
    }

    // --- roles ------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Role.class, names = "METRICS", mode = EnumSource.Mode.EXCLUDE) // the scraper's: no page
    void eachRoleOpensItsPagesAndIsRefusedTheOthers(Role role) throws Exception {
        String user = role.name().toLowerCase(java.util.Locale.ROOT);
        signOut();
        signIn(user, PASSWORD);
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains(user, role.name());
        for (String page : EVERYONE) {
            open(page);
            assertThat(browser.findElements(By.id("forbidden"))).as(role + " " + page).isEmpty();
            assertThat(status(page)).as(role + " " + page).isEqualTo(200);
        }
        for (Map.Entry<String, Set<Role>> page : RESTRICTED.entrySet()) {
            open(page.getKey());
            boolean allowed = page.getValue().contains(role);
            assertThat(browser.findElements(By.id("forbidden"))).as(role + " " + page.getKey())
                    .hasSize(allowed ? 0 : 1);
            assertThat(status(page.getKey())).as(role + " " + page.getKey()).isEqualTo(allowed ? 200 : 403);
            assertThat(browser.findElements(By.id("nav-" + page.getKey().substring(1)))).as("the menu offers it")
                    .hasSize(allowed ? 1 : 0);
        }
        if (role != Role.OPERATOR) { // changes are the operator's: a viewer's well-formed request is refused
            open("/schedules");
            assertThat(browser.findElements(By.cssSelector("form.action"))).isEmpty();
            HttpResponse<String> r = postWithToken("/schedules/" + aTrigger() + "/pause", "reason=try");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(triggerState(aTrigger())).isEqualTo(Trigger.TriggerState.NORMAL);
        }
    }

    @Test
    void aChangeWithoutItsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        signOut();
        signIn("operator", PASSWORD);
        open("/schedules");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/schedules/" + aTrigger()
                        + "/pause")).header("Cookie", sessionCookie())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("reason=forged")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(triggerState(aTrigger())).isEqualTo(Trigger.TriggerState.NORMAL);
    }

    // --- pages --------------------------------------------------------------------------------------------------

    @Test
    void theOverviewShowsLastNightWithItsStagesAndReconciliation() throws Exception {
        signOut();
        signIn("viewer", PASSWORD);
        open("/?lang=en");
        WebElement night = browser.findElement(By.cssSelector("#nights tr[data-date='" + businessDate + "']"));
        assertThat(night.getText()).contains("COMPLETED", "tencent-faceid");
        assertThat(night.findElements(By.cssSelector("td")).get(0).getText()).as("the light the night's own rows call for")
                .isEqualTo(expectedLight(businessDate));
        screenshot("overview");
        open("/?lang=zh_CN");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("概览");
        open("/?lang=en");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
    }

    /**
     * The night's traffic light, worked out from the database apart from the console: red when a person must act
     * (a failed run or stage, ERROR or expired sessions of the day, a reconciliation difference), amber while a
     * provider's figures are still awaited or overdue, green when all is matched.
     */
    String expectedLight(LocalDate day) {
        long failed = jdbc.queryForObject("""
                SELECT count(*) FROM batch_job_execution e JOIN batch_job_execution_params p
                    ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'businessDate'
                 WHERE p.parameter_value = ? AND (e.status = 'FAILED' OR EXISTS (SELECT 1 FROM batch_step_execution s
                       WHERE s.job_execution_id = e.job_execution_id AND s.status = 'FAILED'))""", Long.class,
                day.toString());
        long unhappy = jdbc.queryForObject("""
                SELECT count(*) FROM verification_session WHERE state IN ('ERROR', 'EXPIRED_UNHARVESTED')
                   AND created_at >= ? AND created_at < ?""", Long.class,
                Timestamp.from(BusinessDay.of(day).start()), Timestamp.from(BusinessDay.of(day).end()));
        long differing = jdbc.queryForObject("""
                SELECT count(*) FROM reconcile_result_current WHERE business_date = ?
                   AND status IN ('COUNT_DIFF', 'AMOUNT_DIFF', 'ONLY_AT_PROVIDER', 'ONLY_IN_LEDGER')""", Long.class,
                day);
        long waiting = jdbc.queryForObject("""
                SELECT count(*) FROM reconcile_result_current WHERE business_date = ? AND status <> 'MATCHED'""",
                Long.class, day);
        return failed + unhappy + differing > 0 ? "RED" : waiting > 0 ? "AMBER" : "GREEN";
    }

    @Test
    void runsAreFilteredByJobAndStatusAndShowTheirSteps() throws Exception {
        signOut();
        signIn("viewer", PASSWORD);
        open("/runs?job=" + BatchNames.NIGHTLY_JOB + "&status=COMPLETED");
        List<WebElement> rows = browser.findElements(By.cssSelector("#executions tbody tr"));
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.getText()).contains("nightly", "COMPLETED"));
        screenshot("runs");
        open("/runs?status=ABANDONED");
        assertThat(browser.findElement(By.cssSelector("#executions tbody")).getText()).contains("Nothing found");
        open("/runs?job=" + BatchNames.NIGHTLY_JOB);
        browser.findElement(By.cssSelector("#executions tbody tr td a")).click();
        assertThat(browser.findElement(By.id("steps")).getText()).contains(BatchNames.HARVEST_STEP,
                BatchNames.ARCHIVE_STEP, BatchNames.RECONCILE_STEP, BatchNames.REPORT_STEP);
        assertThat(browser.findElements(By.id("restart"))).as("a viewer gets no buttons").isEmpty();
    }

    @Test
    void anOperatorRecoversARunADeadNodeLeftStartedAndItsRestartCompletes() throws Exception {
        LocalDate day = businessDate.minusDays(1);
        JobRepository repo = daemon.getBean(JobRepository.class);
        JobInstance instance = repo.createJobInstance(BatchNames.NIGHTLY_JOB, NightlyParameters.of(day));
        JobExecution killed = repo.createJobExecution(instance, NightlyParameters.of(day),
                new org.springframework.batch.infrastructure.item.ExecutionContext());
        Timestamp longAgo = Timestamp.from(world.clock().instant().minus(Duration.ofHours(1)));
        jdbc.update("UPDATE batch_job_execution SET status = 'STARTED', start_time = ?, last_updated = ?"
                + " WHERE job_execution_id = ?", longAgo, longAgo, killed.getId());

        signOut();
        signIn("operator", PASSWORD);
        open("/runs/" + killed.getId());
        assertThat(browser.findElement(By.id("run-stuck")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.id("stop"))).isEmpty();
        browser.findElement(By.id("recover-reason")).sendKeys("node-2 lost power at 02:40");
        browser.findElement(By.id("recover")).click();
        assertThat(flash()).isEqualTo("flash-done: execution " + killed.getId() + " marked failed (its node is gone)"
                + " and a restart started");
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).until(() ->
                "COMPLETED".equals(jdbc.queryForObject("""
                        SELECT e.status FROM batch_job_execution e WHERE e.job_instance_id = ?
                         ORDER BY e.job_execution_id DESC LIMIT 1""", String.class, instance.getInstanceId())));
        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
                String.class, killed.getId())).isEqualTo("FAILED");
        assertThat(jdbc.queryForMap("SELECT actor, reason, outcome, remote_addr FROM console_audit"
                + " WHERE action = 'RECOVER_EXECUTION' AND target = ?", Long.toString(killed.getId())))
                .containsEntry("actor", "operator").containsEntry("reason", "node-2 lost power at 02:40")
                .containsEntry("outcome", "DONE").containsEntry("remote_addr", "127.0.0.1");

        // a completed execution does not restart: refused, audited, nothing launched
        long before = jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class);
        HttpResponse<String> r = postWithToken("/runs/" + killed.getId() + "/restart", "reason=again");
        assertThat(r.statusCode()).isEqualTo(302);
        Thread.sleep(500);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class)).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT outcome FROM console_audit WHERE action = 'RESTART_EXECUTION'"
                + " AND target = ? ORDER BY id DESC LIMIT 1", String.class, Long.toString(killed.getId())))
                .isEqualTo("REFUSED");
    }

    @Test
    void anOperatorPausesAndResumesATriggerWithAReasonAndBothAreAudited() throws Exception {
        signOut();
        signIn("operator", PASSWORD);
        open("/schedules");
        String key = aTrigger();
        String name = key.substring(key.indexOf('.') + 1);
        screenshot("schedules");
        browser.findElement(By.id("pause-" + name + "-reason")).sendKeys("provider maintenance window");
        browser.findElement(By.id("pause-" + name)).click();
        assertThat(flash()).startsWith("flash-done: ").contains("paused");
        assertThat(triggerState(key)).isEqualTo(Trigger.TriggerState.PAUSED);
        browser.findElement(By.id("resume-" + name + "-reason")).sendKeys("maintenance over");
        browser.findElement(By.id("resume-" + name)).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElements(By.id("flash-done")).stream()
                .anyMatch(e -> e.getText().contains("resumed")));
        assertThat(triggerState(key)).isEqualTo(Trigger.TriggerState.NORMAL);
        assertThat(jdbc.queryForList("SELECT action || ':' || reason FROM console_audit WHERE target = ?"
                + " AND actor = 'operator' AND outcome = 'DONE' ORDER BY id", String.class, key))
                .containsSubsequence("PAUSE_TRIGGER:provider maintenance window", "RESUME_TRIGGER:maintenance over");
        assertThat(browser.findElement(By.id("triggers")).getText()).contains(BatchNames.NIGHTLY_JOB);
    }

    @Test
    void aChangeWithoutAReasonIsRefusedAuditedAndChangesNothing() throws Exception {
        signOut();
        signIn("operator", PASSWORD);
        open("/schedules");
        HttpResponse<String> r = postWithToken("/schedules/" + aTrigger() + "/pause", "reason=");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(triggerState(aTrigger())).isEqualTo(Trigger.TriggerState.NORMAL);
        assertThat(jdbc.queryForObject("SELECT detail FROM console_audit WHERE action = 'PAUSE_TRIGGER'"
                + " AND outcome = 'REFUSED' ORDER BY id DESC LIMIT 1", String.class)).isEqualTo("no reason given");
    }

    @Test
    void anOperatorRequeuesAnErrorSessionFoundBySearch() throws Exception {
        Long id = jdbc.queryForObject("""
                INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                       created_at, retention_deadline, state, next_attempt_at, result_code, name_mask, id_number_mask)
                VALUES ('aliyun-cloudauth', 'idv-demo', 'ID_PRO', 'console-test', 'console-error-1', 'console-ref-1',
                        ?, ?, 'ERROR', ?, '417', '张*', '1101**********1234') RETURNING id""", Long.class,
                Timestamp.from(world.clock().instant().minus(Duration.ofHours(2))),
                Timestamp.from(world.clock().instant().plus(Duration.ofDays(30))),
                Timestamp.from(world.clock().instant()));
        signOut();
        signIn("operator", PASSWORD);
        open("/sessions?merchantBizId=console-error-1");
        WebElement row = browser.findElement(By.cssSelector("#sessions tr[data-session='" + id + "']"));
        assertThat(row.getText()).contains("ERROR", "1101**********1234");
        browser.findElement(By.id("requeue-" + id + "-reason")).sendKeys("credential mended");
        browser.findElement(By.id("requeue-" + id)).click();
        assertThat(flash()).startsWith("flash-done: ").contains("requeued");
        assertThat(jdbc.queryForObject("SELECT state FROM verification_session WHERE id = ?", String.class, id))
                .isEqualTo("PENDING");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM operator_action WHERE session_id = ? AND actor ="
                + " 'operator' AND reason = 'credential mended'", Long.class, id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM console_audit WHERE action = 'REQUEUE_SESSION'"
                + " AND target = ? AND outcome = 'DONE'", Long.class, Long.toString(id))).isEqualTo(1);
        open("/sessions?state=PASSED&provider=tencent-faceid&date=" + businessDate + "&lang=en");
        assertThat(browser.findElements(By.cssSelector("#sessions tbody tr[data-session]"))).isNotEmpty();
        screenshot("sessions");
    }

    @Test
    void financeDrillsFromTheMonthToADayAndItsCalls() throws Exception {
        signOut();
        signIn("finance", PASSWORD);
        open("/reconciliation?lang=en");
        assertThat(browser.findElement(By.id("close-state")).getText()).contains("OPEN");
        screenshot("reconciliation");
        WebElement cell = browser.findElement(By.cssSelector("#grid a[href$='/" + businessDate + "/tencent-faceid']"));
        assertThat(cell.getText()).contains("MATCHED");
        cell.click();
        assertThat(browser.findElement(By.id("lines")).getText()).contains("MATCHED", "idv-demo");
        assertThat(browser.findElement(By.id("tally")).getText()).contains("MATCHED");
    }

    @Test
    void refusedInputShowsTheConsolesOwnErrorPageInTheReadersLanguage() throws Exception {
        signOut();
        signIn("viewer", PASSWORD);
        open("/sessions?lang=en");
        open("/sessions?merchantBizId=a%00b");
        assertThat(browser.findElement(By.id("error-title")).getText()).isEqualTo("Request refused");
        assertThat(browser.findElement(By.id("error-field")).getText())
                .isEqualTo("parameter merchantBizId: holds a control character (such as NUL).");
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).startsWith("viewer");
        screenshot("error-400");
        open("/sessions?lang=zh_CN");
        open("/runs/not-a-number");
        assertThat(browser.findElement(By.id("error-title")).getText()).isEqualTo("请求被拒绝");
    }

    @Test
    void aDownloadedWorkbookIsAuditedAndOnlyWorkbooksAreServed() throws Exception {
        signOut();
        signIn("compliance", PASSWORD);
        open("/reports");
        String name = "%d/%02d/idv-daily-%s.xlsx".formatted(businessDate.getYear(), businessDate.getMonthValue(),
                businessDate);
        WebElement link = browser.findElement(By.linkText(name));
        HttpResponse<byte[]> file = http.send(get(URI.create(link.getAttribute("href")).getRawPath() + "?"
                + URI.create(link.getAttribute("href")).getRawQuery(), sessionCookie()),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(new String(file.body(), 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK");
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM console_audit WHERE action = 'DOWNLOAD_REPORT'"
                + " AND actor = 'compliance' AND target = ? AND outcome = 'DONE'", Long.class, name)).isEqualTo(1);
        for (String bad : List.of("../keys/hmac.key", "2026/11/../../keys/kek.json", "2026/11/notes.txt")) {
            HttpResponse<String> r = http.send(get("/reports/file?name=" + URLEncoder.encode(bad,
                    StandardCharsets.UTF_8), sessionCookie()), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(bad).isEqualTo(404);
        }
    }

    @Test
    void financeRegeneratesADayWithAReason() throws Exception {
        signOut();
        signIn("finance", PASSWORD);
        open("/reports");
        browser.findElement(By.id("regenerate-reason")).sendKeys("late statement imported");
        browser.findElement(By.id("regenerate-submit")).click();
        assertThat(flash()).startsWith("flash-done: ").contains("idv-daily-" + businessDate);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM console_audit WHERE action = 'REGENERATE_REPORT'"
                + " AND actor = 'finance' AND outcome = 'DONE'", Long.class)).isEqualTo(1);
    }

    @Test
    void complianceSeesWhatTheArchiveKeepsAndTheProviderCopiesDeletedAndConfirmed() throws Exception {
        signOut();
        signIn("compliance", PASSWORD);
        open("/evidence?lang=en");
        assertThat(browser.findElement(By.id("kept")).getText()).contains("tencent-faceid");
        assertThat(browser.findElement(By.id("copies")).getText()).contains("aliyun-cloudauth", "DELETED",
                "no deletion API");
        assertThat(browser.findElement(By.id("last-verified")).getText()).contains("COMPLETED");
        // the demo's night read every deletion again once done: confirmed, none requested or unconfirmed
        var confirmed = daemon.getBean(org.idvbatch.copydeletion.DeletionConfirmation.class).countsByProvider();
        assertThat(confirmed.get("aliyun-idv").confirmed()).isPositive();
        assertThat(browser.findElement(By.id("confirmation")).getText()).contains(
                "aliyun-cloudauth 0 " + confirmed.get("aliyun-cloudauth").confirmed() + " 0",
                "aliyun-idv 0 " + confirmed.get("aliyun-idv").confirmed() + " 0");
        screenshot("evidence");
    }

    @Test
    void complianceSeesTheDeletionBacklogPerAccountAndTheDayItClears() throws Exception {
        // three Cloudauth copies the demo's night deleted, due again as if their receipts were still to come
        List<Long> ids = jdbc.queryForList("SELECT DISTINCT session_id FROM provider_deletion"
                + " WHERE provider = 'aliyun-cloudauth' AND outcome = 'DELETED' ORDER BY session_id LIMIT 3", Long.class);
        assertThat(ids).hasSize(3);
        Long[] due = ids.toArray(Long[]::new);
        jdbc.update("UPDATE verification_session SET copy_settled_at = NULL WHERE id = ANY (?)", (Object) due);
        try {
            signOut();
            signIn("compliance", PASSWORD);
            open("/evidence?lang=en");
            var account = daemon.getBean(org.idvbatch.copydeletion.DeletionBacklog.class).read().stream()
                    .filter(a -> a.provider().equals("aliyun-cloudauth") && a.sessions() > 0).findFirst()
                    .orElseThrow();
            String row = browser.findElements(By.cssSelector("#backlog tbody tr")).stream().map(WebElement::getText)
                    .filter(t -> t.startsWith("aliyun-cloudauth " + account.account() + " ")).findFirst()
                    .orElseThrow();
            // the demo's night ran on 2026-11-18 (Asia/Shanghai) and left nothing: the settings' 10 QPS for 6 h
            // a night against the demo's inflow clears 3 in the next night, which runs on 2026-11-19
            assertThat(row).contains(account.account() + " " + account.sessions() + " ")
                    .contains(" 216000 ").endsWith("2026-11-19, in 1 night(s)");
            assertThat(account.sessions()).isGreaterThanOrEqualTo(3);
            assertThat(browser.findElement(By.id("backlog")).getText()).contains("aliyun-idv");
            screenshot("evidence-backlog");
        } finally {
            jdbc.update("UPDATE verification_session SET copy_settled_at = ? WHERE id = ANY (?)",
                    Timestamp.from(DEMO_AT), due);
        }
    }

    @Test
    void noPageShowsAClearNameOrIdNumberOfTheSandboxsPeople() throws Exception {
        Set<String> clear = world.seededPersonalData();
        assertThat(clear).hasSizeGreaterThan(100);
        signOut();
        signIn("auditor", PASSWORD);
        List<String> pages = new java.util.ArrayList<>(List.of("/", "/runs", "/schedules", "/reconciliation",
                "/reports", "/evidence"));
        for (String state : List.of("", "PASSED", "FAILED", "ERROR", "PENDING", "PROCESSING", "EXPIRED_UNHARVESTED")) {
            pages.add("/sessions?state=" + state);
            pages.add("/sessions?page=1&state=" + state);
        }
        for (String provider : List.of("tencent-faceid", "aliyun-cloudauth", "aliyun-saf", "aliyun-idv")) {
            pages.add("/reconciliation/" + businessDate + "/" + provider);
            pages.add("/reconciliation/" + businessDate.minusDays(2) + "/" + provider);
        }
        open("/runs?job=nightly");
        pages.add(URI.create(browser.findElement(By.cssSelector("#executions tbody tr td a")).getAttribute("href"))
                .getPath());
        for (String page : pages) {
            open(page);
            String html = browser.getPageSource();
            for (String personal : clear) {
                assertThat(html).as(page).doesNotContain(personal);
            }
        }
        open("/sessions");
        assertThat(browser.findElement(By.id("sessions")).getText()).contains("*");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private void signIn(String user, String password) {
        browser.get(base + "/login?lang=en");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
        // the next page must not be asked for while the sign-in is still answered: signing in replaces the CSRF
        // token, so a page loaded in between would post a stale one (a 403 instead of the action)
        try {
            new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                    !d.getCurrentUrl().contains("/login") || !d.findElements(By.id("login-error")).isEmpty()
                            || !d.findElements(By.id("login-wait")).isEmpty());
        } catch (org.openqa.selenium.TimeoutException answeredOtherwise) {
            // still on a /login URL with neither notice: the page the test opens next says what went wrong
        }
    }

    private void signOut() {
        browser.get(base + "/login");
        browser.manage().deleteAllCookies();
    }

    /** The notice the page shows after an action, as "its id: its text" (the page's title when there is none). */
    private String flash() {
        By notice = By.cssSelector("p.flash[id^='flash-']");
        try {
            new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(d -> !d.findElements(notice).isEmpty());
        } catch (org.openqa.selenium.TimeoutException none) {
            // said below, with the page it is on
        }
        List<WebElement> f = browser.findElements(notice);
        return f.isEmpty() ? "no notice on " + browser.getCurrentUrl() + " (" + browser.getTitle() + ")"
                : f.get(0).getAttribute("id") + ": " + f.get(0).getText();
    }

    private void open(String page) {
        browser.get(base + page);
    }

    private String sessionCookie() {
        var c = browser.manage().getCookieNamed("JSESSIONID");
        return c == null ? null : "JSESSIONID=" + c.getValue();
    }

    private HttpRequest get(String path, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b.build();
    }

    /** The HTTP status of a page for the browser's session. */
    private int status(String page) throws Exception {
        return http.send(get(page, sessionCookie()), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A POST carrying the CSRF token of the page the browser shows (as a crafted but well-formed request). */
    private HttpResponse<String> postWithToken(String path, String form) throws Exception {
        open("/sessions");
        String token = browser.findElement(By.cssSelector("form[action$='/logout'] input[name='_csrf']"))
                .getAttribute("value");
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", sessionCookie())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + URLEncoder.encode(token,
                        StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String aTrigger() throws Exception {
        Scheduler s = daemon.getBean(Scheduler.class);
        for (String group : s.getTriggerGroupNames()) {
            for (TriggerKey k : s.getTriggerKeys(org.quartz.impl.matchers.GroupMatcher.triggerGroupEquals(group))) {
                if (k.getName().toLowerCase(java.util.Locale.ROOT).contains("catch")) {
                    return k.getGroup() + "." + k.getName();
                }
            }
        }
        throw new AssertionError("no catch-up trigger installed");
    }

    private Trigger.TriggerState triggerState(String key) throws Exception {
        int dot = key.indexOf('.');
        return daemon.getBean(Scheduler.class).getTriggerState(new TriggerKey(key.substring(dot + 1),
                key.substring(0, dot)));
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve("console-" + name + ".png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
