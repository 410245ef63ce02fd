package org.idvbatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.idvbatch.SlowTest;
import org.idvbatch.demo.DemoEnvironment;
import org.idvbatch.harvest.HarvestRunner;
import org.idvbatch.nightly.NightlyRunner;
import org.idvbatch.reconcile.CatchUpRunner;
import org.idvbatch.reconcile.ReconcileProperties;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The daemon's {@code /actuator/prometheus} as the scraper reads it after the demo's night, a daytime harvest and a
 * catch-up: Spring Batch's own series are there (job, step, item read and process, chunk write, the launch counter,
 * the active long-task timers), and promtool finds nothing to fix in the exposition. The exposition is kept in
 * {@code target/daemon-exposition/exposition.prom}. The demo's world stands at 04:30 in Shanghai: the night of the
 * day before has run, Tencent's bill for it is not published yet (06:00), so that day awaits the provider.
 *
 * <p>The same exposition is what the dashboard's panels and the Prometheus rules are checked against: every series
 * they name, and every label they match or group by, is one this daemon exposes (or a recording rule makes).
 */
@SlowTest
@SuppressWarnings("unchecked")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonExpositionAfterADemoNightTests {

    static final Path WORK = Path.of("target/daemon-exposition").toAbsolutePath();
    static final Instant DEMO_AT = Instant.parse("2026-11-17T20:30:00Z"); // 04:30 in Shanghai

    DemoEnvironment world;
    ConfigurableApplicationContext daemon;
    String exposition;
    String base;
    static final Path RULES = Path.of("config/prometheus/idv-batch.rules.yml");
    static final Path DASHBOARD = Path.of("config/grafana/idv-batch-dashboard.json");

    @BeforeAll
    void scrapeTheDaemonAfterANightAHarvestAndACatchUp() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        world = DemoEnvironment.start(DEMO_AT);
        Map<String, Object> props = new HashMap<>(world.daemonProperties());
        props.putAll(Map.of("idv.database.embedded.ephemeral", "true", "idv.data-dir", WORK.toString(),
                "idv.reports.dir", WORK.resolve("reports").toString(),
                "idv.identity.hmac-key-file", WORK.resolve("keys/hmac.key").toString(),
                "idv.archive.root", WORK.resolve("archive").toString(),
                "idv.archive.kek-file", WORK.resolve("keys/kek.json").toString(),
                "idv.reconcile.inbox", WORK.resolve("inbox").toString(),
                "spring.quartz.auto-startup", "false", "idv.daemon.port", "0"));
        daemon = org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of()).startDaemon(props, world.clock());
        LocalDate businessDate = BusinessDay.yesterday(world.clock()).date();
        world.seed(daemon, businessDate, daemon.getBean(ReconcileProperties.class).inbox());
        assertThat(daemon.getBean(NightlyRunner.class).run(businessDate, false).succeeded()).as("the demo's night")
                .isTrue();
        assertThat(daemon.getBean(HarvestRunner.class).run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(daemon.getBean(CatchUpRunner.class).run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

        base = "http://127.0.0.1:" + ((WebServerApplicationContext) daemon).getWebServer().getPort();
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + "/actuator/prometheus")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (DemoEnvironment.SCRAPER + ":" + world.scraperPassword()).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        exposition = scrape.body();
        Files.writeString(WORK.resolve("exposition.prom"), exposition);
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    void springBatchsOwnSeriesArePresentForTheNightlyTheHarvestAndTheCatchUp() {
        for (String job : new String[] {"nightly", "harvest", "reconcileCatchUp"}) {
            assertThat(exposition).as("job " + job).containsPattern(
                    "(?m)^spring_batch_job_seconds_count\\{[^}]*spring_batch_job_name=\"" + job + "\"[^}]*} [1-9]");
        }
        // the JobOperator's own observation (no job name: one per launch through the operator): three launches
        assertThat(exposition).containsPattern("(?m)^spring_batch_job_launch_count_seconds_count\\{[^}]*} 3$");
        // every stage of the nightly, the harvest's worker step (a chunk step), and the catch-up's one step
        for (String step : new String[] {"harvest", "archive", "provider-deletion", "provider-deletion-confirm",
            "reconcile", "report", "housekeeping", "harvest-query-worker", "reconcile-catch-up", "archive-verify",
            "housekeeping-ledger"}) {
            assertThat(exposition).as("step " + step).containsPattern(
                    "(?m)^spring_batch_step_seconds_count\\{[^}]*spring_batch_step_name=\"" + step + "[\":]");
        }
        assertThat(exposition).containsPattern("(?m)^spring_batch_item_read_seconds_count\\{[^}]*} [1-9]")
                .containsPattern("(?m)^spring_batch_item_process_seconds_count\\{[^}]*} [1-9]")
                .containsPattern("(?m)^spring_batch_chunk_write_seconds_count\\{[^}]*} [1-9]")
                .containsPattern("(?m)^spring_batch_job_active_seconds_count\\{")
                .containsPattern("(?m)^spring_batch_step_active_seconds_count\\{");
        // a series per execution would grow without end in Prometheus: no execution id is a label
        assertThat(exposition).doesNotContain("spring_batch_job_execution=", "spring_batch_step_execution=",
                "spring_batch_job_instance=");
    }

    @Test
    void idvBatchsOwnSeriesAreThereWithTheirLabels() {
        assertThat(exposition)
                .containsPattern("(?m)^idv_sessions_due\\{account=\"idv-demo\",provider=\"tencent-faceid\"} ")
                .containsPattern("(?m)^idv_sessions_open_at_risk\\{account=\"idv-demo\",provider=\"[a-z-]+\"} ")
                .containsPattern("(?m)^idv_harvest_calls_total\\{account=\"idv-demo\",provider=\"tencent-faceid\"} [1-9]")
                .containsPattern("(?m)^idv_harvest_quota_calls_per_second\\{account=\"idv-demo\",provider=\"tencent-faceid\"} ")
                .containsPattern("(?m)^idv_copy_deletion_backlog_sessions\\{account=\"idv-demo\",provider=\"aliyun-cloudauth\"} ")
                .containsPattern("(?m)^idv_archive_verification_checked [1-9]")
                .containsPattern("(?m)^idv_archive_verification_findings 0")
                .containsPattern("(?m)^idv_archive_verification_timestamp_seconds [1-9]");
        // the night of 2026-11-17 (00:00 in Shanghai = 2026-11-16T16:00Z) is the latest that completed
        java.util.regex.Matcher night = java.util.regex.Pattern.compile(
                "(?m)^idv_nightly_last_success_business_date_seconds (\\S+)$").matcher(exposition);
        assertThat(night.find()).isTrue();
        assertThat(Double.parseDouble(night.group(1)))
                .isEqualTo((double) Instant.parse("2026-11-16T16:00:00Z").getEpochSecond());
        // each reconciled day and provider; the day whose Tencent bill is not out yet, and when it is due
        assertThat(exposition).containsPattern(
                "(?m)^idv_reconcile_lines\\{business_date=\"2026-11-17\",provider=\"tencent-faceid\",status=\"AWAITING_PROVIDER\"} [1-9]")
                .containsPattern("(?m)^idv_reconcile_lines\\{business_date=\"2026-11-17\",provider=\"aliyun-saf\",status=\"MATCHED\"} ")
                .containsPattern("(?m)^idv_reconcile_provider_due_timestamp_seconds\\{business_date=\"2026-11-17\","
                        + "provider=\"tencent-faceid\"} ");
    }

    @Test
    void theKubernetesProbesAskHealthGroupsTheDaemonAnswersAnonymously() throws Exception {
        List<String> paths = new ArrayList<>();
        for (Object doc : new org.yaml.snakeyaml.Yaml().loadAll(Files.readString(Path.of(
                "config/kubernetes/idv-batch.yaml")))) {
            collectProbePaths(doc, paths);
        }
        assertThat(paths).contains("/actuator/health/liveness", "/actuator/health/readiness");
        for (String path : paths) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    @SuppressWarnings("unchecked")
    private static void collectProbePaths(Object node, List<String> paths) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (String.valueOf(e.getKey()).endsWith("Probe") && e.getValue() instanceof Map<?, ?> probe
                        && probe.get("httpGet") instanceof Map<?, ?> get) {
                    paths.add(String.valueOf(get.get("path")));
                }
                collectProbePaths(e.getValue(), paths);
            }
        } else if (node instanceof List<?> list) {
            list.forEach(n -> collectProbePaths(n, paths));
        }
    }

    @Test
    void everyDashboardPanelAndEveryRuleNamesOnlySeriesAndLabelsTheDaemonExposes() throws Exception {
        Map<String, Set<String>> exposed = exposedSeries(exposition);
        Map<String, Object> rules = new org.yaml.snakeyaml.Yaml().load(Files.readString(RULES));
        List<String> expressions = new ArrayList<>();
        Map<String, Set<String>> recorded = new TreeMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                String expr = String.valueOf(rule.get("expr"));
                if (rule.containsKey("record")) {
                    // a recording rule's series carry the labels it groups by, or those of what it reads
                    Set<String> labels = new java.util.TreeSet<>(PromqlNames.groupingLabels(expr));
                    if (labels.isEmpty()) {
                        PromqlNames.of(expr).keySet().forEach(n -> labels.addAll(
                                exposed.getOrDefault(n, recorded.getOrDefault(n, Set.of()))));
                    }
                    recorded.put(String.valueOf(rule.get("record")), labels);
                }
                expressions.add(expr);
            }
        }
        var dashboard = tools.jackson.databind.json.JsonMapper.builder().build().readTree(DASHBOARD);
        int panels = 0;
        for (var panel : dashboard.get("panels")) {
            panels++;
            assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
            for (var target : panel.get("targets")) {
                expressions.add(target.get("expr").asString());
            }
        }
        assertThat(panels).isGreaterThanOrEqualTo(7);
        Map<String, Set<String>> known = new TreeMap<>(exposed);
        known.putAll(recorded);
        for (String expr : expressions) {
            Map<String, Set<String>> names = PromqlNames.of(expr);
            assertThat(names).as(expr).isNotEmpty();
            for (var name : names.entrySet()) {
                assertThat(known).as("series %s of %s", name.getKey(), expr).containsKey(name.getKey());
                assertThat(known.get(name.getKey())).as("labels of %s in %s", name.getKey(), expr)
                        .containsAll(name.getValue());
            }
            Set<String> all = new java.util.TreeSet<>();
            names.keySet().forEach(n -> all.addAll(known.get(n)));
            assertThat(all).as("grouping labels of %s", expr).containsAll(PromqlNames.groupingLabels(expr));
        }
    }

    /** Every sample name of the exposition (and each family's, from its TYPE line) with the label names it carries. */
    static Map<String, Set<String>> exposedSeries(String text) {
        Map<String, Set<String>> series = new TreeMap<>();
        java.util.regex.Pattern sample = java.util.regex.Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? ");
        java.util.regex.Pattern label = java.util.regex.Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ");
                series.computeIfAbsent(f[2], n -> new java.util.TreeSet<>());
                continue;
            }
            java.util.regex.Matcher m = sample.matcher(line);
            if (m.find()) {
                Set<String> labels = series.computeIfAbsent(m.group(1), n -> new java.util.TreeSet<>());
                if (m.group(3) != null) {
                    java.util.regex.Matcher l = label.matcher(m.group(3));
                    while (l.find()) {
                        labels.add(l.group(1));
                    }
                }
            }
        }
        // what Prometheus itself adds to every scraped series
        series.values().forEach(l -> l.addAll(List.of("instance", "job")));
        return series;
    }

    @Test
    void promtoolFindsNothingToFixInTheExposition() throws Exception {
        Promtool.Result r = Promtool.run(WORK, exposition, "check", "metrics");
        assertThat(r.output()).as("promtool check metrics").isBlank();
        assertThat(r.exitCode()).isZero();
    }
}
