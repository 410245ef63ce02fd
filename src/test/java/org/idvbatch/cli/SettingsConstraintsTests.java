package org.idvbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.idvbatch.SlowTest;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ExitCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every {@code idv.*} setting with a constraint, given a value it does not allow: the command stops before any work
 * (exit 1, as every configuration that keeps a command from starting; operations.md, "Exit codes per command") with
 * one line on stderr that names the setting, the value and what is allowed; never Spring's chain of beans.
 */
@SlowTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettingsConstraintsTests {

    EmbeddedPostgres pg;
    @TempDir
    Path dir;

    @BeforeAll
    void database() throws IOException {
        pg = EmbeddedPostgres.start();
    }

    @AfterAll
    void stop() throws IOException {
        pg.close();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            idv.harvest.chunk-size                                | 0          | is 0; it must be at least 1
            idv.harvest.threads                                   | 0          | is 0; it must be at least 1
            idv.harvest.repoll-interval                           | 0s         | is 0; it must be a positive duration
            idv.harvest.error-backoff                             | -5m        | is -5m; it must be a positive duration
            idv.harvest.at-risk-margin                            | -1h        | is -1h; it must be zero or a positive duration
            idv.harvest.abandon-after                             | 0h         | is 0; it must be a positive duration
            idv.harvest.retry.max-retries                         | -1         | is -1; it must be at least 0
            idv.harvest.retry.initial-delay                       | -200ms     | is -0.2s; it must be zero or a positive duration
            idv.harvest.retry.max-delay                           | -5s        | is -5s; it must be zero or a positive duration
            idv.harvest.retry.jitter                              | -1ms       | is -0.001s; it must be zero or a positive duration
            idv.harvest.refusals.in-a-row                         | 0          | is 0; it must be at least 1
            idv.harvest.refusals.pause                            | -15m       | is -15m; it must be zero or a positive duration
            idv.harvest.partitions.buckets                        | 0          | is 0; it must be at least 1
            idv.harvest.partitions.lease                          | 100ms      | is 0.1s; it must be at least 300ms
            idv.harvest.partitions.poll-interval                  | 0s         | is 0; it must be a positive duration
            idv.harvest.partitions.wait-timeout                   | -6h        | is -6h; it must be a positive duration
            idv.harvest.partitions.workers-per-node               | -1         | is -1; it must be at least 0
            idv.providers.tencent-faceid.retention                | 0d         | is 0; it must be a positive duration
            idv.providers.tencent-faceid.accounts.default.qps     | 0          | is 0; it must be a positive number of queries per second
            idv.providers.tencent-faceid.accounts.default.qps     | -5         | is -5; it must be a positive number of queries per second
            idv.providers.tencent-faceid.accounts.default.qps     | abc        | is 'abc'; it must be a number
            idv.providers.aliyun-cloudauth.accounts.default.connect-timeout | 0s | is 0; it must be a positive duration
            idv.providers.aliyun-cloudauth.accounts.default.read-timeout | -15s | is -15s; it must be a positive duration
            idv.providers.aliyun-cloudauth.accounts.default.protocol | ftp    | is 'ftp'; it must be https or http
            idv.providers.aliyun-cloudauth.accounts.default.signature | v1     | is 'v1'; it must be v3 or v2
            idv.archive.retention.default                         | 0d         | is '0'; it must be a positive period such as 3y or 18m
            idv.archive.retention.aliyun-saf                      | -1y        | is '-1y'; it must be a positive period such as 3y or 18m
            idv.archive.orphan-grace                              | -1h        | is -1h; it must be zero or a positive duration
            idv.ledger.identity-retention                         | 0d         | is '0'; it must be a positive period such as 3y, 18m or 400d
            idv.ledger.identity-retention                         | forever    | is 'forever'; it must be a period such as 3y, 18m or 30d
            idv.ledger.retention                                  | 0d         | is '0'; it must be a positive period such as 3y, 18m or 400d
            idv.ledger.retention                                  | -5y        | is '-5y'; it must be a positive period such as 3y, 18m or 400d
            idv.ledger.billing-retention                          | 2y         | is '2y'; it must be at least idv.ledger.retention (5y): a month's roll-up outlives its detail
            idv.history.keep                                      | -30d       | is '-30d'; it must be a positive period such as 3y, 18m or 400d
            idv.audit.retention                                   | 5m         | is '5m'; it must be at least 6 months (the Cybersecurity Law, art. 21, keeps network logs no less than six months)
            idv.audit.retention                                   | 180d       | is '180d'; it must be at least 6 months
            idv.housekeeping.batch                                | 0          | is 0; it must be at least 1
            idv.housekeeping.step-budget                          | 0s         | is 0; it must be a positive duration
            idv.archive.nightly-verify-sample                     | -1         | is -1; it must be at least 0
            idv.archive.purge-batch                               | 0          | is 0; it must be at least 1
            idv.archive.write-threads                             | 0          | is 0; it must be at least 1
            idv.archive.store                                     | ftp        | is 'ftp'; it must be one of [filesystem, s3]
            idv.archive.s3.part-size                              | 1024       | is 1024; it must be at least 5242880 bytes
            idv.archive.s3.max-connections                        | 0          | is 0; it must be at least 1
            idv.archive.s3.timeout                                | 0s         | is 0; it must be a positive duration
            idv.reports.language                                  | fr         | is 'fr'; it must be zh_CN or en
            idv.reports.sessions-csv-above                        | -1         | is -1; it must be a number of sessions, 0 (always a file) or more
            idv.reports.sessions-csv-above                        | a million  | is 'a million'; it must be a number
            idv.reconcile.count-tolerance                         | -1         | is -1; it must be 0 (exact) or more
            idv.reconcile.amount-tolerance                        | -0.01      | is '-0.01'; it must be 0.00 (exact) or more
            idv.reconcile.call-time-tolerance                     | -2s        | is -2s; it must be zero or a positive duration
            idv.reconcile.lookback                                | -7d        | is -168h; it must be zero or a positive duration
            idv.reconcile.inbox-settle                            | -1s        | is -1s; it must be zero or a positive duration
            idv.reconcile.sources.nobody.due-after                | 36h        | idv.reconcile.sources.nobody: not a provider code
            idv.alerts.webhook-attempts                           | 0          | is 0; it must be at least 1
            idv.alerts.at-risk-threshold                          | -1         | is -1; it must be 0 (any) or more
            idv.alerts.expired-threshold                          | -1         | is -1; it must be 0 (any) or more
            idv.alerts.reconcile-difference-threshold             | -1         | is -1; it must be 0 (any) or more
            idv.alerts.webhook-backoff                            | -2s        | is -2s; it must be zero or a positive duration
            idv.alerts.webhook-timeout                            | 0s         | is 0; it must be a positive duration
            idv.alerts.exception-max-age                          | 0d         | is 0; it must be a positive duration
            idv.alerts.copy-backlog-threshold                     | -1         | is -1; it must be 0 (any) or more
            idv.copy-deletion.qps                                 | 0          | is 0; it must be at least 1
            idv.copy-deletion.batch                               | 0          | is 0; it must be at least 1
            idv.copy-deletion.window                              | 0s         | is 0; it must be a positive duration
            idv.copy-deletion.night-limit                         | -1         | is -1; it must be at least 0
            idv.copy-deletion.confirm-after                       | -1h        | is -1h; it must be zero or a positive duration
            idv.copy-deletion.confirm-within                      | 0s         | is 0; it must be a positive duration
            idv.copy-deletion.confirm-within                      | 2m         | is 2m; it must be longer than idv.copy-deletion.confirm-after (3m)
            idv.copy-deletion.policy.nobody                       | never      | idv.copy-deletion.policy.nobody: not a known provider
            idv.schedule.harvest-every                            | 0m         | is 0; it must be a positive duration
            idv.schedule.nightly-cron                             | every night | is 'every night'; it must be a Quartz cron expression
            idv.schedule.catch-up-cron                            | 0 30 25 * * ? | is '0 30 25 * * ?'; it must be a Quartz cron expression
            idv.schedule.time-zone                                | Mars/Olympus | is 'Mars/Olympus'; it must be a time zone such as Asia/Shanghai
            idv.database.embedded.port                            | 70000      | is 70000; it must be 0 (a free port) or a TCP port up to 65535
            idv.console.page-size                                 | 0          | idv.console.page-size must be between 1 and 500, not 0
            idv.console.stuck-after                               | 0s         | is 0; it must be a positive duration
            idv.daemon.health-cache                               | abc        | is 'abc'; it must be a duration
            idv.daemon.health-cache                               | -5s        | is -5s; it must be zero or a positive duration
            idv.console.login-throttle.free-failures              | -1         | is -1; it must be at least 0
            idv.console.login-throttle.first-delay                | 0s         | is 0; it must be a positive duration
            idv.console.login-throttle.max-delay                  | -5m        | is -5m; it must be a positive duration
            """)
    void aValueOutsideItsSettingsRangeStopsTheCommandWithOneLineNamingSettingAndValue(String setting, String value,
                                                                                      String expected) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ApplicationContextFactory contexts = org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of(
                "spring.datasource.url", pg.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username", "postgres",
                "idv.identity.hmac-key-file", "target/test-keys/identity-hmac.key", // one key for the one ledger
                "idv.archive.root", dir.resolve("archive").toString(),
                "idv.archive.kek-file", dir.resolve("keys/archive-kek.json").toString(),
                "idv.reconcile.inbox", dir.resolve("inbox").toString(),
                "idv.reports.dir", dir.resolve("reports").toString()));

        int exit = org.idvbatch.launcher.IdvBatchLauncher.execute(new String[] {"status", "--" + setting + "=" + value}, contexts,
                new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(exit).as(err.toString()).isEqualTo(ExitCode.JOB_FAILED);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).as("one line on stderr").hasSize(1);
        assertThat(lines.get(0)).startsWith("idv-batch status: failed: config: " + setting.replaceFirst(
                "(idv\\.(reconcile\\.sources|copy-deletion\\.policy)\\.nobody).*", "$1")).contains(expected)
                .doesNotContain("Error creating bean");
        assertThat(out.toString()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aDaemonAddressThatIsNoAddressNamesTheSettingTheUserWroteNotTheServersInOneLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(120), () ->
                org.idvbatch.TestCommands.run(org.idvbatch.TestCommands.against(pg.getJdbcUrl("postgres", "postgres"),
                        "idv.archive.root", dir.resolve("archive"), "idv.archive.kek-file",
                        dir.resolve("keys/archive-kek.json"), "idv.reports.dir", dir.resolve("reports"),
                        "spring.quartz.auto-startup", "false", "idv.daemon.port", "0"), out, err,
                        "daemon", "--idv.daemon.address=no-such-host.invalid"));

        assertThat(exit).as(err.toString()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(err.toString().lines().toList()).containsExactly("idv-batch daemon: failed: config:"
                + " idv.daemon.address is 'no-such-host.invalid'; it must be an IP address, or a host name that resolves");
    }

    @org.junit.jupiter.api.Test
    void theEmbeddedDatabaseRefusesToRunWithoutFsyncInOneLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ApplicationContextFactory embedded = org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of(
                "idv.database.embedded.ephemeral", "true",
                "idv.identity.hmac-key-file", dir.resolve("keys/identity-hmac.key").toString(),
                "idv.archive.root", dir.resolve("archive").toString(),
                "idv.archive.kek-file", dir.resolve("keys/archive-kek.json").toString()));

        int exit = org.idvbatch.launcher.IdvBatchLauncher.execute(new String[] {"status", "--idv.database.embedded.server.fsync=off"}, embedded,
                new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(exit).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(err.toString().lines().toList()).containsExactly("idv-batch status: failed: config:"
                + " idv.database.embedded.server.fsync is 'off'; it must be left unset: the embedded database is the"
                + " product's store and always runs durable");
    }
}
