package org.idvbatch.reconcile.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.idvbatch.reconcile.StatementFiles.EN_HEADER;
import static org.idvbatch.reconcile.StatementFiles.ZH_HEADER;
import static org.idvbatch.reconcile.StatementFiles.gbk;
import static org.idvbatch.reconcile.StatementFiles.utf8;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.RejectedInputException;
import org.idvbatch.reconcile.DatabaseSnapshot;
import org.idvbatch.reconcile.ReconcileTables;
import org.idvbatch.reconcile.StatementFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every kind of bad console export the importer must refuse whole: each is generated here, rejected with a
 * message naming where and what, and leaves the statement tables exactly as they were.
 */
@IdvIntegrationTest
class BadStatementCorpusTests {

    private static final String NAME = "tencent-faceid-statement-2026-10-05.csv";
    private static final String UNDATED = "tencent-faceid-statement.csv";
    private static final String ROW = "2026-10-05,default,FaceID,rule-1,核身,3,3,1.50,4.50";

    @Autowired
    StatementFileImporter importer;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    @BeforeEach
    void oneGoodStatementAlreadyImported() throws IOException {
        ReconcileTables.clear(jdbc);
        importer.importFile(Files.write(dir.resolve("tencent-faceid-statement-2026-10-04.csv"),
                gbk(ZH_HEADER, ROW.replace("10-05", "10-04"))), null);
    }

    static Stream<Arguments> badFiles() {
        byte[] goodXlsx = StatementFiles.xlsx(List.of(List.of(ZH_HEADER.split(",")), List.of(ROW.split(","))));
        return Stream.of(
                bad("empty file", NAME, null, new byte[0], "empty file (0 bytes)"),
                bad("header only, in a file that names no day", UNDATED, null, gbk(ZH_HEADER),
                        "line 1: a header but no statement lines, and the file name names no period"),
                bad("no lines for a day that has not begun", "tencent-faceid-statement-2099-01-01.csv", null,
                        gbk(ZH_HEADER), "a statement of no lines for 2099-01-01, which is in the future"),
                bad("a totals row that is not zero, without lines", NAME, null, gbk(ZH_HEADER, "合计,,,,,3,3,,4.50"),
                        "the totals row says 3 but the lines add up to 0"),
                bad("blank lines only", NAME, null, gbk("", " ", ""), "only blank lines"),
                bad("missing column 计费量", NAME, null, gbk(ZH_HEADER.replace(",计费量", ""),
                        ROW.replace(",3,1.50", ",1.50")), "line 1: header lacks the required column 计费量/BillableCalls"),
                bad("missing column 日期", NAME, null, gbk(ZH_HEADER.replace("日期,", ""), ROW.substring(11)),
                        "header lacks the required column 日期/Date"),
                bad("missing column 场景", NAME, null, gbk(ZH_HEADER.replace("场景,", ""), ROW.replace("rule-1,", "")),
                        "header lacks the required column 场景/Scene"),
                bad("missing column Product (English)", NAME, null, utf8(EN_HEADER.replace("Product,", ""),
                        ROW.replace("FaceID,", "")), "header lacks the required column 产品/Product"),
                bad("column twice", NAME, null, gbk(ZH_HEADER + ",计费量", ROW + ",3"),
                        "line 1, column 10: column 计费量/BillableCalls appears twice (also column 7)"),
                bad("text in count", NAME, null, gbk(ZH_HEADER, ROW.replace(",3,1.50", ",three,1.50")),
                        "line 2, column 7 (计费量/BillableCalls): 'three' is not a number"),
                bad("text in amount", NAME, null, gbk(ZH_HEADER, ROW.replace("4.50", "4.5元")),
                        "line 2, column 9 (金额(元)/Amount): '4.5元' is not an amount in CNY"),
                bad("negative count", NAME, null, gbk(ZH_HEADER, ROW.replace(",3,1.50", ",-3,1.50")),
                        "line 2, column 7 (计费量/BillableCalls): negative count -3"),
                bad("negative calls", NAME, null, gbk(ZH_HEADER, ROW.replace("核身,3,", "核身,-3,")),
                        "line 2, column 6 (调用量/Calls): negative count -3"),
                bad("negative amount", NAME, null, gbk(ZH_HEADER, ROW.replace("4.50", "-4.50")),
                        "line 2, column 9 (金额(元)/Amount): negative amount -4.50"),
                bad("count beyond any day", NAME, null, gbk(ZH_HEADER, ROW.replace(",3,1.50",
                        ",99999999999999999999,1.50").replace("核身,3,", "核身,99999999999999999999,")),
                        "line 2, column 6 (调用量/Calls): '99999999999999999999' is more than 999,999,999,999 calls"),
                bad("amount beyond the ledger's digits", NAME, null, gbk(ZH_HEADER,
                        ROW.replace("4.50", "123456789012345678901234.00")), "line 2, column 9 (金额(元)/Amount):"
                        + " '123456789012345678901234.00' is more than the 12 digits before the decimal point"),
                bad("unit price beyond the ledger's digits", NAME, null, gbk(ZH_HEADER,
                        ROW.replace("1.50", "123456789.50")), "line 2, column 8 (单价(元)/UnitPrice):"
                        + " '123456789.50' is more than the 8 digits before the decimal point"),
                bad("fractional count", NAME, null, gbk(ZH_HEADER, ROW.replace(",3,1.50", ",2.5,1.50")),
                        "line 2, column 7 (计费量/BillableCalls): '2.5' is not a whole number of calls"),
                bad("misplaced thousands separator", NAME, null, gbk(ZH_HEADER,
                        ROW.replace(",3,3,", ",\"1,23\",3,")), "line 2, column 6 (调用量/Calls): '1,23' is not a number"),
                bad("amount with three decimals", NAME, null, gbk(ZH_HEADER, ROW.replace("4.50", "4.505")),
                        "line 2, column 9 (金额(元)/Amount): '4.505' has more than 2 decimals"),
                bad("empty count cell", NAME, null, gbk(ZH_HEADER, ROW.replace(",3,1.50", ",,1.50")),
                        "line 2, column 7 (计费量/BillableCalls): empty; every line needs one"),
                bad("billable above calls", NAME, null, gbk(ZH_HEADER, ROW.replace("核身,3,3", "核身,3,4")),
                        "line 2, column 7 (计费量/BillableCalls): 4 billable calls exceed the 3 calls"),
                bad("not a calendar date", UNDATED, null, gbk(ZH_HEADER, ROW.replace("2026-10-05", "2026-02-30")),
                        "line 2, column 1 (日期/Date): '2026-02-30' is not a calendar date"),
                bad("date without separators", UNDATED, null, gbk(ZH_HEADER, ROW.replace("2026-10-05", "20261005")),
                        "line 2, column 1 (日期/Date): '20261005' is not a date YYYY-MM-DD"),
                bad("date in the future", UNDATED, null, gbk(ZH_HEADER, ROW.replace("2026-10-05", "2099-01-01")),
                        "line 2, column 1 (日期/Date): 2099-01-01 is in the future"),
                bad("wrong period", NAME, null, gbk(ZH_HEADER, ROW, ROW.replace("10-05", "10-06")),
                        "line 3, column 1 (日期/Date): 2026-10-06 is outside the period the file name states"
                                + " (2026-10-05): wrong period"),
                bad("two months in one file", UNDATED, null, gbk(ZH_HEADER, ROW.replace("10-05", "09-30"), ROW),
                        "lines 2 (2026-09-30) and 3 (2026-10-05) lie in different months"),
                bad("invalid period in the file name", "tencent-faceid-statement-2026-13.csv", null,
                        gbk(ZH_HEADER, ROW), "the file name's period '2026-13' is not a calendar date or month"),
                bad("duplicate rows", NAME, null, gbk(ZH_HEADER, ROW, ROW.replace("4.50", "4.60")),
                        "line 3: duplicates line 2 (same 日期, 账号, 产品, 场景, 计费类型"),
                bad("truncated line", NAME, null, gbk(ZH_HEADER, ROW, "2026-10-05,default,FaceID,rule-2,核身"),
                        "line 3: has 5 fields, the header has 9 (a truncated line?)"),
                bad("value beyond the header", NAME, null, gbk(ZH_HEADER, ROW + ",oops"),
                        "line 2, column 10: a value beyond the header's 9 columns"),
                bad("empty scene", NAME, null, gbk(ZH_HEADER, ROW.replace("rule-1", "")),
                        "line 2, column 4 (场景/Scene): empty; every line needs one"),
                bad("unknown product", NAME, null, gbk(ZH_HEADER, ROW.replace("FaceID", "FaceOCR")),
                        "line 2, column 3 (产品/Product): 'FaceOCR' is not a product of tencent-faceid"),
                bad("OCR billed as a charge type", NAME, null, gbk(ZH_HEADER, ROW.replace("核身", "OCR")),
                        "line 2, column 5 (计费类型/ChargeType): 'OCR' is not a charge type of tencent-faceid"),
                bad("unknown provider given", NAME, "tencent-ocr", gbk(ZH_HEADER, ROW),
                        "--provider 'tencent-ocr' is not a known provider"),
                bad("unknown provider in the file name", "faceid-statement-2026-10-05.csv", null, gbk(ZH_HEADER, ROW),
                        "unknown provider: the file name does not start with a provider code"),
                bad("neither UTF-8 nor GBK", NAME, null, concat(gbk(ZH_HEADER), new byte[] {(byte) 0xFF, '\n'}),
                        "line 2: byte 62 (0xFF) is not valid UTF-8 nor GBK"),
                bad("broken UTF-8 after a BOM", NAME, null, concat(StatementFiles.utf8Bom(ZH_HEADER),
                        new byte[] {(byte) 0xE6, '\n'}), "is not valid UTF-8 (after its BOM)"),
                bad("UTF-16 with BOM", NAME, null, concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                        (ZH_HEADER + "\n" + ROW).getBytes(StandardCharsets.UTF_16LE)), "UTF-16 text is not supported"),
                bad("UTF-16 without BOM", NAME, null, (ZH_HEADER + "\n" + ROW).getBytes(StandardCharsets.UTF_16LE),
                        "is NUL: a binary file, not CSV text"),
                bad("truncated XLSX", "tencent-faceid-statement-2026-10-05.xlsx", null,
                        Arrays.copyOf(goodXlsx, goodXlsx.length / 2), "not a readable XLSX workbook"),
                bad("XLSX with text in a number", "tencent-faceid-statement-2026-10-05.xlsx", null,
                        StatementFiles.xlsx(List.of(List.of(ZH_HEADER.split(",")),
                                List.of(ROW.replace(",3,1.50", ",many,1.50").split(",")))),
                        "line 2, column 7 (计费量/BillableCalls): 'many' is not a number"),
                bad("XLSX with a header only, naming no day", "tencent-faceid-statement.xlsx", null,
                        StatementFiles.xlsx(List.of(List.of(ZH_HEADER.split(",")))), "a header but no statement lines"),
                bad("legacy XLS", "tencent-faceid-statement-2026-10-05.xls", null,
                        new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0, 0, 0}, "a legacy .xls (BIFF)"),
                bad("totals row disagrees", NAME, null, gbk(ZH_HEADER, ROW, "合计,,,,,3,10,,4.50"),
                        "line 3, column 7 (计费量/BillableCalls): the totals row says 10 but the lines add up to 3"),
                bad("line after the totals row", NAME, null, gbk(ZH_HEADER, ROW, "合计,,,,,3,3,,4.50",
                        ROW.replace("rule-1", "rule-2")), "line 4: a line after the totals row (line 3)"),
                bad("unterminated quote", NAME, null, gbk(ZH_HEADER, ROW.replace("rule-1", "\"rule-1")),
                        "not valid CSV"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void rejectsTheWholeFileWithAPreciseMessageAndChangesNothing(String problem, String fileName, String provider,
                                                                 byte[] bytes, String message) throws IOException {
        Path file = Files.write(dir.resolve(fileName), bytes);
        DatabaseSnapshot before = snapshot();

        assertThatThrownBy(() -> importer.importFile(file, provider))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith(fileName + ": ")
                .hasMessageContaining(message);

        assertThat(snapshot()).isEqualTo(before);
        assertThat(before.tables()).filteredOn(t -> t.startsWith("statement_")).allMatch(t -> t.contains(": 1 rows"));
    }

    @org.junit.jupiter.api.Test
    void theCorpusHasAtLeastThirtyKindsOfBadFile() {
        assertThat(badFiles().count()).isGreaterThanOrEqualTo(30);
    }

    private DatabaseSnapshot snapshot() {
        return DatabaseSnapshot.of(jdbc, "statement_file", "statement_line", "reconcile_run", "reconcile_result",
                "billable_call", "verification_session");
    }

    private static Arguments bad(String problem, String fileName, String provider, byte[] bytes, String message) {
        return Arguments.of(problem, fileName, provider, bytes, message);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
