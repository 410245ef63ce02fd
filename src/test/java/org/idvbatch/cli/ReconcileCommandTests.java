package org.idvbatch.cli;

import org.idvbatch.SlowTest;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ApplicationContextFactory;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.idvbatch.reconcile.Ledger;
import org.idvbatch.reconcile.StatementFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The commands as an operator runs them: each invocation starts its own context on a persistent database. */
@SlowTest
class ReconcileCommandTests {

    @TempDir
    Path dir;

    Map<String, Object> props;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void database() {
        props = new HashMap<>(Map.of("idv.data-dir", dir.toString(),
                "idv.identity.hmac-key-file", dir.resolve("keys/identity-hmac.key").toString(),
                "idv.reports.dir", dir.resolve("reports").toString()));
    }

    @Test
    void importStatementThenReconcileADayListsDifferencesWithCauses() throws IOException {
        Path file = Files.write(dir.resolve("tencent-faceid-statement-2026-10-05.csv"), StatementFiles.gbk(
                StatementFiles.ZH_HEADER, "2026-10-05,default,FaceID,rule-1,核身,3,3,1.50,4.50",
                "2026-10-05,default,FaceID,rule-x,核身,1,1,1.50,1.50"));
        try (ConfigurableApplicationContext ctx = org.idvbatch.launcher.IdvBatchLauncher.contexts(props).start(Map.of())) {
            new Ledger(ctx.getBean(JdbcClient.class), "tencent-faceid", "default", "FaceID")
                    .billable(3, "rule-1", "核身", "2026-10-05 12:00:00");
        }

        assertThat(run("import-statement", file.toString())).isZero();
        assertThat(out.toString()).contains("statement #1: tencent-faceid 2026-10-05 version 1, 2 lines (GBK)");
        assertThat(run("import-statement", file.toString())).isZero();
        assertThat(out.toString()).contains("already imported as statement #1");

        assertThat(run("reconcile", "--date", "2026-10-05")).isZero();
        assertThat(out.toString()).containsPattern("run #\\d+, \\{MATCHED=1, ONLY_AT_PROVIDER=1\\}")
                .contains("ONLY_AT_PROVIDER [UNKNOWN_SCENE]: scene rule-x is unknown")
                .contains("month to date (2026-10-01 .. 2026-10-05, current versions):");
    }

    @Test
    void reconcileAMonthImportsTheInboxFirst() throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        settled(Files.write(inbox.resolve("aliyun-cloudauth-statement-2026-09.csv"), StatementFiles.utf8Bom(
                StatementFiles.EN_HEADER, "2026-09-30,default,FaceVerify,100,default,2,2,1,2.00")));

        assertThat(run("reconcile", "--month", "2026-09", "--all-lines")).isZero();

        assertThat(out.toString()).contains("inbox: statement #1: aliyun-cloudauth 2026-09-30 version 1")
                .contains("reconcile 2026-09-01 .. 2026-09-30 (Asia/Shanghai): run #");
    }

    @Test
    void aStatementInTheInboxCutMidLineExitsTwoNamingItAndIsSetAsideWithItsReasonWhileTheDayIsReconciled()
            throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        settled(Files.write(inbox.resolve("aliyun-cloudauth-statement-2026-10-05.csv"), StatementFiles.utf8Bom(
                StatementFiles.EN_HEADER, "2026-10-05,default,FaceVerify,100,default,2,2,1,2.00",
                "2026-10-05,default,FaceVer")));

        assertThat(run("reconcile", "--date", "2026-10-05")).isEqualTo(ExitCode.BAD_INPUT);

        assertThat(err.toString()).contains("idv-batch reconcile: statement refused, nothing of it stored:"
                + " aliyun-cloudauth-statement-2026-10-05.csv: line 3: has 3 fields, the header has 9");
        assertThat(out.toString()).contains("reconcile 2026-10-05 .. 2026-10-05 (Asia/Shanghai): run #");
        assertThat(inbox.resolve("rejected/aliyun-cloudauth-statement-2026-10-05.csv")).exists();
        assertThat(inbox.resolve("rejected/aliyun-cloudauth-statement-2026-10-05.csv.error.txt")).exists();
    }

    @Test
    void aStatementCutAtALineEndDoesNotReplaceTheCompleteOneAndLeavesNoFalseDifferences() throws IOException {
        String name = "aliyun-cloudauth-statement-2026-10-05.csv";
        String[] complete = {StatementFiles.EN_HEADER, "2026-10-05,default,FaceVerify,s1,default,3,3,1,3.00",
            "2026-10-05,default,FaceVerify,s2,default,2,2,1,2.00", "2026-10-05,default,FaceVerify,s3,default,4,4,1,4.00",
            "Total,,,,,9,9,,9.00"};
        Path whole = Files.write(Files.createDirectories(dir.resolve("first")).resolve(name),
                StatementFiles.utf8Bom(complete));
        Path cut = Files.write(Files.createDirectories(dir.resolve("copied")).resolve(name), StatementFiles.utf8Bom(
                java.util.Arrays.copyOf(complete, complete.length - 2))); // its last two rows not yet written
        try (ConfigurableApplicationContext ctx = org.idvbatch.launcher.IdvBatchLauncher.contexts(props).start(Map.of())) {
            Ledger ledger = new Ledger(ctx.getBean(JdbcClient.class), "aliyun-cloudauth", "default", "FaceVerify");
            ledger.billable(3, "s1", "default", "2026-10-05 10:00:00");
            ledger.billable(2, "s2", "default", "2026-10-05 11:00:00");
            ledger.billable(4, "s3", "default", "2026-10-05 12:00:00");
        }
        assertThat(run("import-statement", whole.toString())).isZero();

        run("import-statement", cut.toString());
        run("import-statement", whole.toString()); // the complete file, delivered again

        assertThat(run("reconcile", "--date", "2026-10-05", "--no-inbox", "--all-lines")).isZero();
        assertThat(out.toString()).containsPattern("run #\\d+, \\{MATCHED=3\\}").doesNotContain("ONLY_IN_LEDGER");
    }

    @Test
    void aStatementStillBeingWrittenIsLeftInTheInboxAndSaidSo() throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path file = Files.write(inbox.resolve("aliyun-cloudauth-statement-2026-10-05.csv"), StatementFiles.utf8Bom(
                StatementFiles.EN_HEADER, "2026-10-05,default,FaceVerify,100,default,2,2,1,2.00"));

        assertThat(run("reconcile", "--date", "2026-10-05")).isZero();

        assertThat(out.toString()).contains("inbox: waiting aliyun-cloudauth-statement-2026-10-05.csv: last modified"
                + " at ").contains("less than 60 s ago (idv.reconcile.inbox-settle)");
        assertThat(file).exists();
    }

    @Test
    void aBadStatementExitsWithTwoNamingLineAndColumn() throws IOException {
        Path file = Files.write(dir.resolve("tencent-faceid-statement-2026-10-05.csv"), StatementFiles.gbk(
                StatementFiles.ZH_HEADER, "2026-10-05,default,FaceID,rule-1,核身,3,-3,1.50,4.50"));

        assertThat(run("import-statement", file.toString())).isEqualTo(ExitCode.BAD_INPUT);

        assertThat(err.toString()).contains("idv-batch import-statement: tencent-faceid-statement-2026-10-05.csv:"
                + " line 2, column 7 (计费量/BillableCalls): negative count -3");
    }

    @Test
    void importInvoiceKeepsAConsoleBillAndRefusesABadOneWithExitTwoNamingRowAndColumn() throws IOException {
        String header = "账期,使用日期,产品,用量,应付金额";
        Path good = Files.writeString(dir.resolve("aliyun-cloudauth-invoice-2027-06.csv"), header
                + "\n2027-06,2027-06-01,cloudauth,3,3.00\n");
        assertThat(run("import-invoice", good.toString())).isZero();
        assertThat(out.toString()).contains("import-invoice aliyun-cloudauth-invoice-2027-06.csv: aliyun-cloudauth"
                + " default 2027-06: bill version 1 (new, 1 lines)");

        Path bad = Files.writeString(dir.resolve("aliyun-cloudauth-invoice-2027-06-v2.csv"), header
                + "\n2027-06,2027-06-01,cloudauth,3,3.00\n2027-06,2027-06-02,cloudauth,2,2.001\n");
        assertThat(run("import-invoice", bad.toString())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("aliyun-cloudauth-invoice-2027-06-v2.csv row 3, column 应付金额/payable:"
                + " 2.001 has more than 2 decimals (to the fen)");
        assertThat(run("reconcile", "invoice", "--month", "2027-06", "--no-fetch", "--json")).isZero();
        assertThat(out.toString()).as("still version 1").contains("\"invoiceVersion\":1").doesNotContain(
                "\"invoiceVersion\":2");
    }

    @Test
    void aBadTariffFileStopsTheRunNamingTheEntry() throws IOException {
        props.put("idv.reconcile.tariffs", Files.writeString(dir.resolve("tariffs.yml"), """
                tariffs:
                  - provider: tencent-faceid
                    product: FaceID
                    charge-type: 核身
                    prices:
                      - effective-from: 2026-01-01
                        tiers:
                          - { unit-price: "-1.00" }
                """).toString());

        assertThat(run("reconcile", "--date", "2026-10-05")).isEqualTo(ExitCode.BAD_INPUT);

        assertThat(err.toString()).contains("tariffs[0] (tencent-faceid/FaceID/核身).prices[0].tiers[0].unit-price:"
                + " negative price -1.00");
    }

    /** A file whose writer finished two minutes ago: past the inbox's settle time. */
    private static void settled(Path file) throws IOException {
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now()
                .minusSeconds(120)));
    }

    private int run(String... args) {
        return org.idvbatch.launcher.IdvBatchLauncher.execute(args, org.idvbatch.launcher.IdvBatchLauncher.contexts(props), new PrintWriter(out, true),
                new PrintWriter(err, true));
    }
}
