package org.idvbatch.bench.scale;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.idvbatch.RejectedInputException;
import org.idvbatch.bench.BenchSettings;
import org.idvbatch.bench.console.ConsoleBenchmark;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ExitCode;
import org.idvbatch.demo.DemoEnvironment;
import org.idvbatch.nightly.NightlyOutcome;
import org.idvbatch.nightly.NightlyRunner;
import org.idvbatch.provider.Provider;
import org.idvbatch.reconcile.ReconcileProperties;
import org.idvbatch.time.BusinessDay;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.idvbatch.reconcile.CatchUpRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "scale-bench", hidden = true, mixinStandardHelpOptions = true,
        description = {"Benchmark: a night's stages and the console's pages with one month of history and again with",
                "N months, for the same day's volume, on a throw-away embedded PostgreSQL and the in-process sandbox.",
                "One real night is run and copied day by day into history, oldest first (ledger, calls, statements,",
                "reconciliation, audit, job repository); prints each stage's time at both sizes and their ratio."})
public class ScaleBenchCommand implements Callable<Integer> {

    /** Growth goal: a stage at N months costs at most this times what it costs at one month. */
    static final double GOAL = 1.2;
    /** Below this a stage's time is noise, not cost: the ratio is taken against at least this. */
    static final double FLOOR_SECONDS = 0.2;
    static final int DAYS_PER_MONTH = 30;
    /** The history's ids are moved by a day's multiple of 10^12: bigint holds 9,000 days of copies each way. */
    static final int MAX_MONTHS = HistoryCloner.MAX_DAYS / 31;

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--months", defaultValue = "12", description = "Months of history at the larger size (default ${DEFAULT-VALUE}).")
    int months;

    @Option(names = "--sessions-per-day", defaultValue = "100000",
            description = "Sessions of each day, the nights measured and every day of history (default ${DEFAULT-VALUE}).")
    int sessionsPerDay;

    @Option(names = "--requests", defaultValue = "40", description = "Timed requests per console page (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--queries", defaultValue = "10",
            description = "The night's statements whose blocks read grew most, listed with their growth (default ${DEFAULT-VALUE}; 0: none).")
    int queries;

    @Option(names = "--hold", description = "At the end, print the database's JDBC URL on stderr and keep it up until stdin closes (to read plans with psql).")
    boolean hold;

    public ScaleBenchCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws Exception {
        if (months < 2 || months > MAX_MONTHS || sessionsPerDay < 100 || requests < 20 || queries < 0) {
            throw new RejectedInputException("--months must be 2.." + MAX_MONTHS + ", --sessions-per-day >= 100,"
                    + " --requests >= 20 and --queries >= 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter log = spec.commandLine().getErr();
        Path scratch = Files.createTempDirectory("idv-scale-bench");
        // the night at N months two whole days before today, the night at one month on the same day of the month
        // N - 1 months earlier, the template night two days before that; history is written oldest first, as a
        // ledger grows: a month before the template and the day after it, then every day between the two timed
        // nights; the day before each timed night is digested after its copies, as its own night would have been
        LocalDate large = BusinessDay.today(java.time.Clock.systemUTC()).date().minusDays(2);
        LocalDate small = large.minusMonths(months - 1);
        LocalDate template = small.minusDays(2);
        LocalDate oldest = template.minusDays(DAYS_PER_MONTH - 1);
        // the history's oldest calendar month is past the ledger's retention at the last night, not before (its
        // months are not closed until the end, so no night's housekeeping removes one while it is timed)
        long retentionDays = java.time.temporal.ChronoUnit.DAYS.between(oldest.withDayOfMonth(1).plusMonths(1),
                large) - 1;
        try (DemoEnvironment world = DemoEnvironment.start(nightOf(template))) {
            Map<String, Object> settings = new LinkedHashMap<>(world.daemonProperties());
            settings.putAll(BenchSettings.isolated(scratch));
            settings.putAll(Map.of("idv.daemon.port", "0", "spring.quartz.auto-startup", "false"));
            settings.put("idv.reconcile.inbox", scratch.resolve("inbox").toString());
            settings.put("idv.harvest.threads", "64");
            settings.put("idv.copy-deletion.qps", "5000"); // as the accounts' quotas: cost, not pace
            settings.put("idv.ledger.retention", retentionDays + "d");
            // every statement's blocks and time, per night (pg_stat_statements ships with the embedded server)
            settings.put("idv.database.embedded.server[shared_preload_libraries]", "pg_stat_statements");
            for (Provider p : Provider.values()) { // the sandbox has no quota: the pace is not what is measured
                settings.put("idv.providers." + p.code() + ".accounts." + DemoEnvironment.ACCOUNT + ".qps", "5000");
            }
            try (ConfigurableApplicationContext ctx = contexts.startDaemon(settings, world.clock())) {
                JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
                jdbc.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                Path inbox = ctx.getBean(ReconcileProperties.class).inbox();
                log.printf("scale-bench: the template night %s, %,d sessions%n", template, sessionsPerDay);
                night(ctx, world, template, inbox);
                HistoryCloner cloner = new HistoryCloner(jdbc,
                        ctx.getBean(org.idvbatch.harvest.OverdueSessionExpiry.class));
                Map<String, Long> night = cloner.templateOfTheNight();
                log.println("scale-bench: one night's rows: " + night);
                history(cloner, DAYS_PER_MONTH - 1, 1, nightOf(template), log); // template - 29 .. template - 1
                history(cloner, -1, -1, nightOf(small.minusDays(1)), log); // template + 1 = small - 1
                cloner.settleIdentityMark(1); // one night after the template's
                digestTheDayBefore(ctx, small, log);

                world.setClock(nightOf(small));
                jdbc.queryForList("SELECT pg_stat_statements_reset()");
                Map<String, Double> atOne = night(ctx, world, small, inbox);
                Map<Long, Statement> statementsAtOne = Statement.read(jdbc);
                Map<String, Double> pagesAtOne = pages(ctx, world, small);
                Sizes one = Sizes.of(jdbc);

                // small + 1 .. large - 1, copies of the template night moved forward
                history(cloner, -3, -(int) java.time.temporal.ChronoUnit.DAYS.between(template, large.minusDays(1)),
                        nightOf(large.minusDays(1)), log);
                cloner.settleIdentityMark(java.time.temporal.ChronoUnit.DAYS.between(small, large.minusDays(1)));
                digestTheDayBefore(ctx, large, log);
                world.setClock(nightOf(large));
                jdbc.queryForList("SELECT pg_stat_statements_reset()");
                Map<String, Double> atN = night(ctx, world, large, inbox);
                Map<Long, Statement> statementsAtN = Statement.read(jdbc);
                Map<String, Double> pagesAtN = pages(ctx, world, large);
                Sizes n = Sizes.of(jdbc);

                out.printf("history: 1 month = %,d sessions, %,d billable calls, %s; %d months = %,d sessions,"
                                + " %,d billable calls, %s (%,d sessions a day)%n", one.sessions(), one.calls(),
                        one.size(), months, n.sessions(), n.calls(), n.size(), sessionsPerDay);
                Worst stages = table(out, "stage", atOne, atN, "s");
                statements(out, statementsAtOne, statementsAtN);
                Worst console = table(out, "console page (p95)", pagesAtOne, pagesAtN, "ms");
                double worstP95 = pagesAtN.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
                out.printf("console: worst p95 %.1f ms at %d months (goal 300 ms); worst page growth %.2f× (%s)%n",
                        worstP95, months, console.ratio(), console.name());
                removeOldestMonths(ctx, jdbc, retentionDays, out, log);
                out.printf("worst growth %.2f× (%s) from 1 to %d months%n", stages.ratio(), stages.name(), months);
                out.flush();
                if (hold) {
                    try (var c = jdbc.getDataSource().getConnection()) {
                        log.println("scale-bench: holding " + c.getMetaData().getURL() + " until stdin closes");
                    }
                    log.flush();
                    System.in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                return ExitCode.OK;
            }
        } finally {
            FileSystemUtils.deleteRecursively(scratch);
        }
    }

    /**
     * Times the housekeeping's removal of the months past the ledger's retention: they are closed first (an approval
     * as finance would give it), their evidence marked purged and their failed sessions expired, as the years would
     * have done; then the housekeeping stage runs alone, once.
     */
    private void removeOldestMonths(ConfigurableApplicationContext ctx, JdbcTemplate jdbc, long retentionDays,
                                    PrintWriter out, PrintWriter log) throws Exception {
        java.time.Instant cutoff = BusinessDay.of(BusinessDay.today(ctx.getBean(java.time.Clock.class)).date()
                .minusDays(retentionDays)).start();
        java.sql.Timestamp before = java.sql.Timestamp.from(cutoff);
        jdbc.update("""
                INSERT INTO reconcile_month_action (month, action, actor, at)
                SELECT m::date, 'APPROVED', 'scale-bench', now()
                  FROM generate_series(date_trunc('month', (SELECT min(created_at) FROM verification_session)
                                       AT TIME ZONE 'Asia/Shanghai'), ?::timestamptz AT TIME ZONE 'Asia/Shanghai',
                                       interval '1 month') m
                """, before);
        jdbc.update("UPDATE verification_session SET evidence_status = 'PURGED'"
                + " WHERE created_at < ? AND evidence_status IN ('PENDING', 'ARCHIVED')", before);
        jdbc.update("UPDATE verification_session SET state = 'EXPIRED_UNHARVESTED'"
                + " WHERE created_at < ? AND state = 'ERROR'", before);
        jdbc.execute("VACUUM (ANALYZE) verification_session");
        log.println("scale-bench: removing the months before " + BusinessDay.of(cutoff) + " (housekeeping)");
        // the statements of the removal's triggers and foreign-key checks too, not only the housekeeping's own
        jdbc.execute("ALTER SYSTEM SET pg_stat_statements.track = 'all'");
        jdbc.queryForList("SELECT pg_reload_conf()");
        jdbc.queryForList("SELECT pg_stat_statements_reset()");
        var launcher = ctx.getBean(org.springframework.batch.core.launch.JobOperator.class);
        var repository = ctx.getBean(org.springframework.batch.core.repository.JobRepository.class);
        org.springframework.batch.core.step.Step housekeeping = ctx.getBean(
                org.idvbatch.batch.BatchNames.HOUSEKEEPING_STEP_BEAN, org.springframework.batch.core.step.Step.class);
        JobExecution run = launcher.start(new org.springframework.batch.core.job.builder.JobBuilder(
                "scale-bench-housekeeping", repository).start(housekeeping).build(),
                new org.springframework.batch.core.job.parameters.JobParametersBuilder()
                        .addLong("run", System.nanoTime()).toJobParameters());
        double seconds = stepSeconds(run, "").getOrDefault(org.idvbatch.batch.BatchNames.HOUSEKEEPING_LEDGER_STEP, 0.0);
        jdbc.query("""
                SELECT month, sessions_removed, calls_removed, provider_calls_removed, reconcile_calls_removed
                  FROM ledger_month ORDER BY month
                """, rs -> {
            out.printf("ledger month removed: %s, %,d sessions, %,d billable calls, %,d provider calls, %,d"
                            + " reconciliation call rows%n", rs.getDate(1).toLocalDate().toString().substring(0, 7),
                    rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        });
        Long sessions = jdbc.queryForObject("SELECT coalesce(sum(sessions_removed), 0) FROM ledger_month", Long.class);
        out.printf("ledger month removal: %,d sessions in %.1f s (%,.0f sessions/s, a batch per transaction); %s%n",
                sessions, seconds, sessions / Math.max(seconds, 0.001), run.getStatus());
        // where the removal's time went: its costliest statements, their blocks found in PostgreSQL's buffers and
        // read from outside them (the operating system's cache or the disk), and their time
        out.println("the removal's costliest statements (blocks hit in shared buffers / read from outside them):");
        jdbc.query("""
                SELECT calls, shared_blks_hit, shared_blks_read, total_exec_time, left(regexp_replace(query, '\\s+',
                       ' ', 'g'), 110)
                  FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%'
                 ORDER BY total_exec_time DESC LIMIT 6
                """, rs -> {
            out.printf("    %,.1f s, %,d calls, blocks %,d hit / %,d read: %s%n", rs.getDouble(4) / 1000,
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(5));
        });
    }

    /** 02:00 in Asia/Shanghai after {@code day}: the default nightly's time. */
    private static java.time.Instant nightOf(LocalDate day) {
        return day.plusDays(1).atTime(LocalTime.of(2, 0)).atZone(BusinessDay.ZONE).toInstant();
    }

    /**
     * Seeds the day, runs its nightly at 02:00 and the reconciliation's catch-up at 07:00, and returns each step's
     * seconds in the order they ran.
     */
    private Map<String, Double> night(ConfigurableApplicationContext ctx, DemoEnvironment world, LocalDate day,
                                      Path inbox) throws Exception {
        world.seedDay(ctx, day, sessionsPerDay, inbox);
        NightlyOutcome outcome = ctx.getBean(NightlyRunner.class).run(day, false);
        if (!outcome.succeeded()) {
            throw new IllegalStateException("the nightly of " + day + " ended " + outcome.execution().getStatus()
                    + ": " + outcome.execution().getAllFailureExceptions());
        }
        Map<String, Double> seconds = stepSeconds(outcome.execution(), "");
        // the morning's catch-up, once the provider's figures of the day are published (Tencent's bill: 06:00)
        world.setClock(day.plusDays(1).atTime(LocalTime.of(7, 0)).atZone(BusinessDay.ZONE).toInstant());
        JobExecution catchUp = ctx.getBean(CatchUpRunner.class).run();
        if (catchUp.getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException("the catch-up after " + day + " ended " + catchUp.getStatus() + ": "
                    + catchUp.getAllFailureExceptions());
        }
        seconds.putAll(stepSeconds(catchUp, "catch-up: "));
        return seconds;
    }

    private static Map<String, Double> stepSeconds(JobExecution execution, String prefix) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        List<StepExecution> steps = new ArrayList<>(execution.getStepExecutions());
        steps.removeIf(s -> s.getStartTime() == null || s.getEndTime() == null);
        steps.sort(java.util.Comparator.comparing(StepExecution::getStartTime));
        for (StepExecution s : steps) {
            seconds.merge(prefix + s.getStepName(), Duration.between(s.getStartTime(), s.getEndTime()).toNanos() / 1e9,
                    Double::sum);
        }
        return seconds;
    }

    private Map<String, Double> pages(ConfigurableApplicationContext ctx, DemoEnvironment world, LocalDate day)
            throws Exception {
        JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
        String base = "http://127.0.0.1:" + ((WebServerApplicationContext) ctx).getWebServer().getPort();
        // operators read the runs and sessions, finance the reconciliation, compliance the evidence and reports
        ConsoleBenchmark.Browser operator = signedIn(base, world, 0);
        ConsoleBenchmark.Browser finance = signedIn(base, world, 1);
        ConsoleBenchmark.Browser compliance = signedIn(base, world, 2);
        Map<String, Object> one = jdbc.queryForMap("SELECT merchant_biz_id, provider_ref FROM verification_session"
                + " WHERE created_at >= ? ORDER BY id DESC LIMIT 1", java.sql.Timestamp.from(BusinessDay.of(day).start()));
        Long execution = jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution"
                + " WHERE job_execution_id < ?", Long.class, HistoryCloner.STRIDE);
        List<String> urls = List.of("/", "/runs", "/runs?status=FAILED", "/runs?job=nightly", "/runs/" + execution,
                "/schedules", "/sessions", "/sessions?merchantBizId=" + one.get("merchant_biz_id"),
                "/sessions?providerRef=" + one.get("provider_ref"), "/sessions?state=PASSED&date=" + day,
                "/sessions?page=20", "/reconciliation", "/reconciliation/" + day + "/tencent-faceid", "/reports",
                "/evidence");
        Map<String, Double> p95 = new LinkedHashMap<>();
        for (String url : urls) {
            ConsoleBenchmark.Browser as = url.startsWith("/reconciliation") ? finance
                    : url.startsWith("/evidence") || url.startsWith("/reports") ? compliance : operator;
            ConsoleBenchmark.Timing t = ConsoleBenchmark.time(as, url, 5, requests);
            if (t.status() != 200) {
                throw new IllegalStateException("console " + url + " answered " + t.status());
            }
            p95.put(url.replaceAll("=[^&]*(&|$)", "=…$1").replaceAll("/\\d{4}-\\d{2}-\\d{2}", "/{day}")
                    .replaceAll("/\\d+$", "/{id}"), t.p95());
        }
        return p95;
    }

    private static ConsoleBenchmark.Browser signedIn(String base, DemoEnvironment world, int user) throws Exception {
        ConsoleBenchmark.Browser b = new ConsoleBenchmark.Browser(base);
        b.signIn(DemoEnvironment.CONSOLE_USERS.get(user), world.consolePassword());
        return b;
    }

    /**
     * The signed digest of the day before a timed night, written after that day's copies as its own night's
     * audit-digest stage would have, and its orphan sweep's mark: the timed night then verifies the rows chained
     * since and sweeps the day folders written since, its own day's, not every copied day's (which no real night
     * does).
     */
    private static void digestTheDayBefore(ConfigurableApplicationContext ctx, LocalDate night, PrintWriter log) {
        LocalDate before = night.minusDays(1);
        if (!ctx.getBean(org.idvbatch.audit.AuditDigests.class).write(before)) {
            throw new IllegalStateException("no audit digest written for " + before);
        }
        // and the night before's orphan sweep (V116): the timed night lists the day folders of the rows recorded or
        // purged since that night, not of every copied day's
        ctx.getBean(JdbcTemplate.class).update("""
                INSERT INTO archive_sweep_mark (single, swept_from) VALUES (true, ?)
                ON CONFLICT (single) DO UPDATE SET swept_from = excluded.swept_from
                """, java.sql.Timestamp.from(nightOf(before)));
        log.printf("scale-bench: the audit digest and the orphan sweep's mark of %s set after its copies%n", before);
    }

    /**
     * Copies the template night to the days {@code fromDay} to {@code toDay} (days back from it, or forward when
     * negative), in that order: the caller goes from the oldest day to the newest.
     */
    private static void history(HistoryCloner cloner, int fromDay, int toDay, java.time.Instant lastNight,
                                PrintWriter log) {
        long started = System.nanoTime();
        long rows = 0;
        int step = fromDay <= toDay ? 1 : -1;
        for (int day = fromDay, n = 1; ; day += step, n++) {
            rows += cloner.copy(day);
            if (n % 10 == 0 || day == toDay) {
                log.printf("scale-bench: history, %d days copied (the template night %+d days): %,d rows in %.0f s%n",
                        n, -day, rows, (System.nanoTime() - started) / 1e9);
            }
            if (day == toDay) {
                break;
            }
        }
        log.printf("scale-bench: %,d sessions overdue by the last copied night expired, as its own run would have%n",
                cloner.expireOverdue(lastNight));
        cloner.vacuum();
    }

    private record Worst(String name, double ratio) {
    }

    private Worst table(PrintWriter out, String what, Map<String, Double> atOne, Map<String, Double> atN,
                        String unit) {
        double floor = unit.equals("s") ? FLOOR_SECONDS : 20;
        out.printf("%-44s %12s %12s %8s%n", what, "1 month", months + " months", "ratio");
        Worst worst = new Worst("-", 0);
        for (Map.Entry<String, Double> e : atN.entrySet()) {
            Double one = atOne.get(e.getKey());
            if (one == null) {
                continue;
            }
            double ratio = e.getValue() / Math.max(one, floor);
            out.printf("%-44s %10.2f %s %10.2f %s %7.2f×%n", e.getKey(), one, unit, e.getValue(), unit, ratio);
            if (ratio > worst.ratio()) {
                worst = new Worst(e.getKey(), ratio);
            }
        }
        return worst;
    }

    /** One statement's work in a night, as pg_stat_statements counts it: blocks are cost, time is noise. */
    private record Statement(String text, long calls, long blocks, double millis) {
        static Map<Long, Statement> read(JdbcTemplate jdbc) {
            Map<Long, Statement> byId = new LinkedHashMap<>();
            jdbc.query("""
                    SELECT queryid, query, calls, shared_blks_hit + shared_blks_read + local_blks_hit + local_blks_read
                           + temp_blks_read, total_exec_time
                      FROM pg_stat_statements WHERE queryid IS NOT NULL AND query NOT ILIKE '%pg_stat_statements%'""",
                    rs -> {
                        byId.put(rs.getLong(1), new Statement(rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getDouble(5)));
                    });
            return byId;
        }
    }

    /** The statements whose blocks grew most from one month to N, the same statements' work on the same volume. */
    private void statements(PrintWriter out, Map<Long, Statement> atOne, Map<Long, Statement> atN) {
        if (queries == 0) {
            return;
        }
        record Growth(Statement one, Statement n, double ratio) {
        }
        List<Growth> growth = new ArrayList<>();
        atN.forEach((id, n) -> {
            Statement one = atOne.get(id);
            if (one != null && n.blocks() >= 1000) {
                growth.add(new Growth(one, n, (double) n.blocks() / Math.max(1, one.blocks())));
            }
        });
        growth.sort(java.util.Comparator.comparingDouble(Growth::ratio).reversed());
        out.printf("statements of the night whose blocks grew most (of %d with >= 1,000 blocks at %d months):%n",
                growth.size(), months);
        for (Growth g : growth.subList(0, Math.min(queries, growth.size()))) {
            String text = g.n().text().replaceAll("\\s+", " ");
            out.printf("  %6.2f× blocks %,d -> %,d (%,d calls, %.0f -> %.0f ms): %s%n", g.ratio(), g.one().blocks(),
                    g.n().blocks(), g.n().calls(), g.one().millis(), g.n().millis(),
                    text.substring(0, Math.min(160, text.length())));
        }
    }

    private record Sizes(long sessions, long calls, String size) {
        static Sizes of(JdbcTemplate jdbc) {
            return new Sizes(jdbc.queryForObject("SELECT count(*) FROM verification_session", Long.class),
                    jdbc.queryForObject("SELECT count(*) FROM billable_call", Long.class),
                    jdbc.queryForObject("SELECT pg_size_pretty(pg_database_size(current_database()))", String.class));
        }
    }
}
