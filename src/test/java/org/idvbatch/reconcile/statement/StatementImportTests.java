package org.idvbatch.reconcile.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idvbatch.reconcile.StatementFiles.ZH_HEADER;
import static org.idvbatch.reconcile.StatementFiles.EN_HEADER;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.reconcile.ReconcileTables;
import org.idvbatch.reconcile.StatementFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IdvIntegrationTest
class StatementImportTests {

    @Autowired
    StatementFileImporter importer;
    @Autowired
    StatementInbox inbox;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    @BeforeEach
    void clean() {
        ReconcileTables.clear(jdbc);
    }

    @Test
    void importsTencentGbkCsvWithChineseHeadersThousandsSeparatorsTotalsRowAndBlankTrailingLines()
            throws IOException {
        Path file = write("tencent-faceid-statement-2026-10-05.csv", StatementFiles.gbk(ZH_HEADER,
                "2026-10-05,default,FaceID,rule-1,核身,\"1,300\",\"1,234\",1.50,\"1,851.00\"",
                "2026/10/05,default,FaceID,rule-1,比对,12,10,1.00,10.00",
                "合计,,,,,\"1,312\",\"1,244\",,\"1,861.00\"", "", ""));

        ImportedStatement done = importer.importFile(file, null);

        assertThat(done.encoding()).isEqualTo("GBK");
        assertThat(done.version()).isEqualTo(1);
        assertThat(done.alreadyImported()).isFalse();
        List<Map<String, Object>> lines = jdbc.sql("SELECT charge_type, calls, billable_calls, amount"
                + " FROM statement_line ORDER BY line_no").query().listOfRows();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).containsEntry("charge_type", "核身").containsEntry("calls", 1300L)
                .containsEntry("billable_calls", 1234L).containsEntry("amount", new BigDecimal("1851.00"));
    }

    @Test
    void importsAlibabaUtf8BomCsvWithEnglishHeadersAndDefaults() throws IOException {
        Path file = write("statement.csv", StatementFiles.utf8Bom(
                "Date,Product,Scene,BillableCalls", "2026-10-05,FaceVerify,1000001,7"));

        ImportedStatement done = importer.importFile(file, "aliyun-cloudauth");

        assertThat(done.encoding()).isEqualTo("UTF-8 (BOM)");
        assertThat(jdbc.sql("SELECT account || '/' || charge_type FROM statement_line").query(String.class).single())
                .isEqualTo("default/default");
    }

    @Test
    void importsTheFirstSheetOfAnXlsxExport() throws IOException {
        Path file = write("aliyun-idv-statement-2026-10.xlsx", StatementFiles.xlsx(List.of(
                List.of(EN_HEADER.split(",")),
                List.of("2026-10-01", "default", "IdVerification", "s1", "default", "5", "4", "1", "4.00"),
                List.of("2026-10-02", "default", "IdVerification", "s1", "default", "3", "3", "1", "3.00"))));

        ImportedStatement done = importer.importFile(file, null);

        assertThat(done.encoding()).isEqualTo("XLSX");
        assertThat(done.periodStart()).hasToString("2026-10-01");
        assertThat(done.periodEnd()).hasToString("2026-10-02");
        assertThat(jdbc.sql("SELECT sum(billable_calls) FROM statement_line").query(Long.class).single()).isEqualTo(7);
    }

    @Test
    void importingTheSameFileTwiceChangesNothing() throws IOException {
        Path file = write("tencent-faceid-statement-2026-10-05.csv", StatementFiles.gbk(ZH_HEADER,
                "2026-10-05,default,FaceID,rule-1,核身,3,3,1.50,4.50"));
        ImportedStatement first = importer.importFile(file, null);

        ImportedStatement second = importer.importFile(file, null);

        assertThat(second.alreadyImported()).isTrue();
        assertThat(second.fileId()).isEqualTo(first.fileId());
        assertThat(jdbc.sql("SELECT count(*) FROM statement_file").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM statement_line").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aCorrectedFileForTheSamePeriodBecomesTheNextVersionAndKeepsTheOld() throws IOException {
        importer.importFile(write("tencent-faceid-statement-2026-10-05.csv", StatementFiles.gbk(ZH_HEADER,
                "2026-10-05,default,FaceID,rule-1,核身,3,3,1.50,4.50")), null);

        ImportedStatement corrected = importer.importFile(write("tencent-faceid-statement-2026-10-05-fixed.csv",
                StatementFiles.gbk(ZH_HEADER, "2026-10-05,default,FaceID,rule-1,核身,4,4,1.50,6.00")), null);

        assertThat(corrected.version()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT string_agg(f.version || ':' || l.billable_calls, ',' ORDER BY f.version)"
                + " FROM statement_file f JOIN statement_line l ON l.statement_file_id = f.id")
                .query(String.class).single()).isEqualTo("1:3,2:4");
    }

    @Test
    void inboxMovesAcceptedFilesAsideAndRejectedOnesWithTheReason() throws IOException {
        Path box = Files.createDirectories(dir.resolve("inbox"));
        settled(Files.write(box.resolve("tencent-faceid-statement-2026-10-06.csv"), StatementFiles.gbk(ZH_HEADER,
                "2026-10-06,default,FaceID,rule-1,核身,3,3,1.50,4.50")));
        settled(Files.write(box.resolve("tencent-faceid-statement-2026-10-07.csv"), StatementFiles.gbk(ZH_HEADER,
                "2026-10-07,default,FaceID,rule-1,核身,3,abc,1.50,4.50")));

        StatementInbox.Report report = inbox.importAll(box);

        assertThat(report.accepted()).hasSize(1);
        assertThat(report.rejected()).singleElement().asString().contains("line 2, column 7 (计费量/BillableCalls)");
        assertThat(box.resolve("accepted/tencent-faceid-statement-2026-10-06.csv")).exists();
        assertThat(box.resolve("rejected/tencent-faceid-statement-2026-10-07.csv")).exists();
        assertThat(Files.readString(box.resolve("rejected/tencent-faceid-statement-2026-10-07.csv.error.txt")))
                .contains("'abc' is not a number");
        try (var left = Files.list(box)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void anOverflowingNumberInTheInboxIsRejectedNamingLineAndColumnAndNeverBlocksTheNextRun() throws IOException {
        Path box = Files.createDirectories(dir.resolve("inbox"));
        settled(Files.write(box.resolve("tencent-faceid-statement-2026-10-08.csv"), StatementFiles.gbk(ZH_HEADER,
                "2026-10-08,default,FaceID,rule-1,核身,3,99999999999999999999,1.50,4.50")));

        StatementInbox.Report first = inbox.importAll(box);
        settled(Files.write(box.resolve("tencent-faceid-statement-2026-10-09.csv"), StatementFiles.gbk(ZH_HEADER,
                "2026-10-09,default,FaceID,rule-1,核身,3,3,1.50,4.50")));
        StatementInbox.Report next = inbox.importAll(box);

        assertThat(first.accepted()).isEmpty();
        assertThat(first.rejected()).singleElement().asString()
                .contains("line 2, column 7 (计费量/BillableCalls): '99999999999999999999' is more than");
        assertThat(box.resolve("rejected/tencent-faceid-statement-2026-10-08.csv")).exists();
        assertThat(next.rejected()).isEmpty();
        assertThat(next.accepted()).singleElement().satisfies(i -> assertThat(i.lines()).isEqualTo(1));
        assertThat(jdbc.sql("SELECT count(*) FROM statement_line").query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void aDayWithoutUseIsAHeaderOnlyOrZeroTotalsFileNamedForItsDay() throws IOException {
        ImportedStatement headerOnly = importer.importFile(write("tencent-faceid-statement-2026-10-11.csv",
                StatementFiles.gbk(ZH_HEADER)), null);
        ImportedStatement zeroTotals = importer.importFile(write("aliyun-cloudauth-statement-2026-10-11.csv",
                StatementFiles.utf8Bom(ZH_HEADER, "合计,,,,,0,0,,0.00")), null);

        assertThat(headerOnly.lines()).isZero();
        assertThat(headerOnly.periodStart()).isEqualTo(java.time.LocalDate.of(2026, 10, 11));
        assertThat(headerOnly.periodEnd()).isEqualTo(java.time.LocalDate.of(2026, 10, 11));
        assertThat(zeroTotals.lines()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM statement_file WHERE line_count = 0").query(Long.class).single())
                .isEqualTo(2L);
    }

    /** Written whole two minutes ago: past the inbox's settle time (idv.reconcile.inbox-settle). */
    private static void settled(Path file) throws IOException {
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now()
                .minusSeconds(120)));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
