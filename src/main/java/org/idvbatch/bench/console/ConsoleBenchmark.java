package org.idvbatch.bench.console;

import java.io.PrintWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idvbatch.time.BusinessDay;
import org.springframework.jdbc.core.JdbcTemplate;

/** Loads a ledger and a job repository of the asked size, then times the console's pages over HTTP. */
public final class ConsoleBenchmark {

    /** Sessions spread evenly over this many days, ending with the last business day. */
    static final int DAYS = 90;
    static final int BATCH = 500_000;

    static final String SESSIONS = """
            INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                   created_at, retention_deadline, state, attempts, next_attempt_at, result_code, evidence_status,
                   name_mask, id_number_mask, harvested_at)
            SELECT (ARRAY['tencent-faceid', 'aliyun-cloudauth', 'aliyun-saf', 'aliyun-idv'])[1 + g % 4], 'bench',
                   'FaceID', 'scene-' || (g % 7), 'bench-biz-' || g, 'bench-ref-' || g, t, t + interval '3 days',
                   CASE WHEN g % 1000 = 0 THEN 'ERROR' WHEN g % 997 = 0 THEN 'EXPIRED_UNHARVESTED'
                        WHEN g % 5 = 0 THEN 'FAILED' ELSE 'PASSED' END,
                   1, t, '0', 'ARCHIVED', '张*', '1101**********1234', t + interval '1 minute'
              FROM generate_series(?::bigint, ?::bigint) g,
                   LATERAL (SELECT ?::timestamptz + (g * ?::double precision) * interval '1 millisecond' AS t) x
            """;
    static final String EXECUTIONS = """
            CREATE TEMP TABLE bench_execution AS
            SELECT n, nextval('batch_job_instance_seq') AS iid, nextval('batch_job_execution_seq') AS eid,
                   CASE WHEN n <= ? THEN 'nightly' ELSE 'harvest' END AS job,
                   CASE WHEN n <= ? THEN ?::date + (n - 1)::int
                        ELSE NULL END AS business_date,
                   CASE WHEN n <= ? THEN (?::date + n::int)::timestamp + interval '18 hours'
                        ELSE ?::timestamp + (n * ?::double precision) * interval '1 millisecond' END AS t,
                   CASE WHEN n % 100 = 0 THEN 'FAILED' ELSE 'COMPLETED' END AS status
              FROM generate_series(1, ?) n
            """;
    static final List<String> REPOSITORY = List.of(
            "INSERT INTO batch_job_instance SELECT iid, 0, job, md5('bench-' || n) FROM bench_execution",
            """
            INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,
                   end_time, status, exit_code, exit_message, last_updated)
            SELECT eid, 2, iid, t, t, t + interval '2 minutes', status, status, '', t + interval '2 minutes'
              FROM bench_execution
            """,
            """
            INSERT INTO batch_job_execution_params
            SELECT eid, CASE WHEN job = 'nightly' THEN 'businessDate' ELSE 'run' END,
                   CASE WHEN job = 'nightly' THEN 'java.time.LocalDate' ELSE 'java.lang.Long' END,
                   CASE WHEN job = 'nightly' THEN business_date::text ELSE n::text END, 'Y'
              FROM bench_execution
            """,
            """
            INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id, create_time,
                   start_time, end_time, status, commit_count, read_count, filter_count, write_count, read_skip_count,
                   write_skip_count, process_skip_count, rollback_count, exit_code, exit_message, last_updated)
            SELECT nextval('batch_step_execution_seq'), 2, s.name, e.eid, e.t, e.t, e.t + interval '1 minute',
                   e.status, 10, 1000, 0, 1000, 0, 0, 0, 0, e.status, '', e.t
              FROM bench_execution e CROSS JOIN LATERAL unnest(CASE WHEN e.job = 'nightly'
                   THEN ARRAY['harvest', 'archive', 'provider-deletion', 'reconcile', 'report']
                   ELSE ARRAY['harvest'] END) AS s(name)
            """,
            "DROP TABLE bench_execution",
            "ANALYZE");

    private final JdbcTemplate jdbc;
    private final PrintWriter log;

    ConsoleBenchmark(JdbcTemplate jdbc, PrintWriter log) {
        this.jdbc = jdbc;
        this.log = log;
    }

    /** @return the load's milliseconds */
    long load(long sessions, int executions, LocalDate lastDay) {
        long started = System.nanoTime();
        Instant first = BusinessDay.of(lastDay.minusDays(DAYS - 1)).start();
        double spacingMillis = Duration.ofDays(DAYS).toMillis() / (double) sessions;
        for (long from = 1; from <= sessions; from += BATCH) {
            long to = Math.min(sessions, from + BATCH - 1);
            jdbc.update(SESSIONS, from, to, Timestamp.from(first), spacingMillis);
            log.printf("  sessions %,d / %,d (%.0f s)%n", to, sessions, (System.nanoTime() - started) / 1e9);
            log.flush();
        }
        int nights = Math.min(DAYS, executions);
        LocalDate firstDay = lastDay.minusDays(DAYS - 1);
        double harvestSpacing = Duration.ofDays(DAYS).toMillis() / (double) Math.max(1, executions - nights);
        jdbc.update(EXECUTIONS, nights, nights, firstDay, nights, firstDay, Timestamp.from(first), harvestSpacing,
                executions);
        for (String sql : REPOSITORY) {
            jdbc.execute(sql);
        }
        log.printf("  %,d job executions (%.0f s)%n", executions, (System.nanoTime() - started) / 1e9);
        return (System.nanoTime() - started) / 1_000_000;
    }

    public record Timing(String page, double p50, double p95, double max, int status) {
    }

    /** A browser's session: signs in through the login form (CSRF token included), then asks for pages. */
    public static final class Browser {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String base;

        public Browser(String base) {
            this.base = base;
        }

        public void signIn(String user, String password) throws Exception {
            String login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = CSRF.matcher(login);
            if (!m.find()) {
                throw new IllegalStateException("the login page has no CSRF token");
            }
            String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(m.group(1));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 302 || r.headers().firstValue("Location").orElse("").contains("error")) {
                throw new IllegalStateException("sign-in refused: " + r.statusCode());
            }
        }

        int get(String page) throws Exception {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + page)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode();
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }

    public static Timing time(Browser browser, String page, int warmup, int requests) throws Exception {
        int status = 0;
        for (int i = 0; i < warmup; i++) {
            status = browser.get(page);
        }
        double[] ms = new double[requests];
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            status = browser.get(page);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new Timing(page, ms[(int) Math.floor(0.5 * (requests - 1))],
                ms[(int) Math.ceil(0.95 * (requests - 1))], ms[requests - 1], status);
    }

    /** The pages measured, with filters that reach into the big tables. */
    List<String> pages(LocalDate lastDay, long sessions) {
        List<String> pages = new ArrayList<>(List.of("/", "/runs", "/runs?status=FAILED", "/runs?job=nightly",
                "/runs?job=harvest&from=" + lastDay.minusDays(30) + "&to=" + lastDay.minusDays(29),
                "/runs?page=500", "/schedules", "/sessions",
                "/sessions?merchantBizId=bench-biz-" + (sessions / 2),
                "/sessions?providerRef=bench-ref-" + (sessions / 3),
                "/sessions?state=ERROR", "/sessions?state=EXPIRED_UNHARVESTED&provider=aliyun-saf",
                "/sessions?state=PASSED&provider=tencent-faceid&date=" + lastDay.minusDays(10),
                "/sessions?page=20", "/reconciliation", "/reconciliation/" + lastDay + "/tencent-faceid",
                "/reports", "/evidence"));
        Long execution = jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution", Long.class);
        pages.add("/runs/" + execution);
        return pages;
    }
}
