package org.idvbatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.batch.BatchNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The 2026-12-05 nightly's catch-up reconciled 2026-12-03 again and found three differing Tencent lines: the alert
 * names 2026-12-03 and tencent-faceid in the log line, the webhook's payload and the counter, never 2026-12-05 (the
 * defect of #29: {@code ALERT RECONCILE_DIFFERENCES ... date=2026-12-05 count=3 ... (run 2)}). A run that covers
 * two days and two providers raises one alert per day and provider.
 */
@IdvIntegrationTest
class AlertsNameTheDayOfTheirLinesTests {

    static final List<String> delivered = new CopyOnWriteArrayList<>();
    static final HttpServer receiver = startReceiver();

    @Autowired
    JobAlerts alerts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void webhook(DynamicPropertyRegistry r) {
        r.add("idv.alerts.webhook-url", () -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");
        r.add("idv.alerts.webhook-backoff", () -> "100ms");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void aCatchUpsDifferencesAreAlertedWithTheCatchUpsDayAndProviderNotTheNightlysDate() {
        long run = jdbc.sql("""
                INSERT INTO reconcile_run (period_start, period_end, count_tolerance, amount_tolerance, tariff_sha256)
                VALUES (DATE '2026-12-03', DATE '2026-12-04', 0, 0, 'test') RETURNING id""").query(Long.class).single();
        int version = jdbc.sql("SELECT coalesce(max(version), 0) + 1 FROM reconcile_day WHERE business_date"
                + " IN (DATE '2026-12-03', DATE '2026-12-04')").query(Integer.class).single();
        for (String day : List.of("2026-12-03", "2026-12-04")) {
            jdbc.sql("INSERT INTO reconcile_day (business_date, version, run_id) VALUES (CAST(:d AS date), :v, :r)")
                    .param("d", day).param("v", version).param("r", run).update();
        }
        line(run, version, "2026-12-03", "tencent-faceid", "s1", "COUNT_DIFF");
        line(run, version, "2026-12-03", "tencent-faceid", "s2", "COUNT_DIFF");
        line(run, version, "2026-12-03", "tencent-faceid", "s3", "ONLY_IN_LEDGER");
        line(run, version, "2026-12-03", "tencent-faceid", "s4", "MATCHED");
        line(run, version, "2026-12-04", "aliyun-cloudauth", "s1", "AMOUNT_DIFF");
        line(run, version, "2026-12-04", "tencent-faceid", "s1", "MATCHED");

        // the nightly of 2026-12-05, whose reconcile step ran the catch-up of the days above as run `run`
        JobExecution nightly = new JobExecution(9001, new JobInstance(9001, BatchNames.NIGHTLY_JOB),
                new JobParametersBuilder().addLocalDate(BatchNames.BUSINESS_DATE, LocalDate.parse("2026-12-05"))
                        .toJobParameters());
        nightly.setStatus(BatchStatus.COMPLETED);
        StepExecution reconcile = new StepExecution(9002, BatchNames.RECONCILE_STEP, nightly);
        reconcile.getExecutionContext().putString(BatchNames.CATCH_UP_RUN_IDS, String.valueOf(run));
        nightly.addStepExecution(reconcile);

        double tencentBefore = count("RECONCILE_DIFFERENCES", "tencent-faceid");
        double aliyunBefore = count("RECONCILE_DIFFERENCES", "aliyun-cloudauth");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(AlertPublisher.class);
        log.start();
        logger.addAppender(log);
        try {
            alerts.afterJob(nightly);
        } finally {
            logger.detachAppender(log);
        }

        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(l -> l.contains("RECONCILE_DIFFERENCES")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("date=2026-12-03 provider=tencent-faceid count=3",
                "reconciliation lines of tencent-faceid on 2026-12-03 (run " + run + ")").doesNotContain("2026-12-05");
        assertThat(lines.get(1)).contains("date=2026-12-04 provider=aliyun-cloudauth count=1")
                .doesNotContain("2026-12-05");

        assertThat(count("RECONCILE_DIFFERENCES", "tencent-faceid") - tencentBefore).isEqualTo(1.0);
        assertThat(count("RECONCILE_DIFFERENCES", "aliyun-cloudauth") - aliyunBefore).isEqualTo(1.0);

        await().atMost(Duration.ofSeconds(20)).until(() -> delivered.stream()
                .filter(b -> b.contains("\"RECONCILE_DIFFERENCES\"") && b.contains("(run " + run + ")")).count() == 2);
        List<String> payloads = delivered.stream().filter(b -> b.contains("(run " + run + ")")).toList();
        assertThat(payloads).anySatisfy(b -> assertThat(b).contains("\"businessDate\":\"2026-12-03\"",
                "\"provider\":\"tencent-faceid\"", "\"count\":3", "\"job\":\"nightly\""));
        assertThat(payloads).anySatisfy(b -> assertThat(b).contains("\"businessDate\":\"2026-12-04\"",
                "\"provider\":\"aliyun-cloudauth\"", "\"count\":1"));
        assertThat(payloads).noneSatisfy(b -> assertThat(b).contains("2026-12-05"));
    }

    private double count(String kind, String provider) {
        return meters.find("idv.alerts").tag("kind", kind).tag("provider", provider).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private void line(long run, int version, String day, String provider, String scene, String status) {
        jdbc.sql("""
                INSERT INTO reconcile_result (run_id, business_date, version, provider, account, product, scene,
                                              charge_type, ledger_calls, ledger_calls_utc_day, provider_calls, status)
                VALUES (:r, CAST(:d AS date), :v, :p, 'default', 'FaceID', :s, 'PASS', 5, 5, 4, :st)""")
                .param("r", run).param("d", day).param("v", version).param("p", provider).param("s", scene)
                .param("st", status).update();
    }

    private static HttpServer startReceiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/alerts", exchange -> {
                delivered.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
