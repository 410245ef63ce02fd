package org.idvbatch.reconcile.close;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.RejectedInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A monthly bill exported from a console (CSV or XLSX) is kept as a version of the month's bill like one read from the
 * billing API: the same lines in the other format are the same version, a corrected bill the next; a bad file is
 * rejected whole, naming row and column, and nothing of it is stored.
 */
@IdvIntegrationTest
class InvoiceFileImportTests {

    static final String ACCOUNT = "file-import";
    static final String HEADER = "账期,使用日期,扣费日期,产品,计费项,账单ID,用量,单价,费用,应付金额(元),币种";
    static final String ROW_2 = "2027-06,2027-05-31,2027-06-01,cloudauth,FaceVerify,i-1,2,1.00,2.00,2.00,CNY";
    static final String ROW_3 = "2027-06,2027-06-01,,cloudauth,FaceVerify,i-1,3,1.00,3.004,3.00,CNY";
    static final String NAME = "aliyun-cloudauth-invoice-2027-06.csv";

    @Autowired
    InvoiceFileImporter importer;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    @BeforeEach
    void noBillsOfTheAccount() {
        jdbc.sql("DELETE FROM provider_invoice_line WHERE invoice_id IN (SELECT id FROM provider_invoice"
                + " WHERE account = :a)").param("a", ACCOUNT).update();
        jdbc.sql("DELETE FROM provider_invoice WHERE account = :a").param("a", ACCOUNT).update();
    }

    @Test
    void aCsvBillIsKeptTheSameLinesAsXlsxAreTheSameVersionAndACorrectionIsTheNext() throws IOException {
        InvoiceFileImporter.Imported first = importer.importFile(csv(NAME, HEADER, ROW_2, ROW_3), null, ACCOUNT, false);
        assertThat(first.describe()).isEqualTo("aliyun-cloudauth file-import 2027-06: bill version 1 (new, 2 lines)");
        assertThat(jdbc.sql("""
                SELECT string_agg(usage_date || ' ' || pay_date || ' ' || item || ' ' || calls || ' ' || cost || ' '
                                  || payable, '; ' ORDER BY line_no)
                  FROM provider_invoice_line l JOIN provider_invoice i ON i.id = l.invoice_id
                 WHERE i.account = :a""").param("a", ACCOUNT).query(String.class).single())
                .isEqualTo("2027-05-31 2027-06-01 cloudauth-FaceVerify 2 2.00000000 2.00; "
                        + "2027-06-01 2027-06-02 cloudauth-FaceVerify 3 3.00400000 3.00");
        assertThat(jdbc.sql("SELECT by_deduction_day FROM provider_invoice WHERE account = :a").param("a", ACCOUNT)
                .query(Boolean.class).single()).isTrue();

        Path xlsx = xlsx("bill.xlsx", List.of(HEADER.split(","), ROW_2.split(","), ROW_3.split(",", -1)));
        assertThat(importer.importFile(xlsx, "aliyun-cloudauth", ACCOUNT, false).stored().isNew())
                .as("the same lines exported as XLSX").isFalse();

        InvoiceFileImporter.Imported corrected = importer.importFile(csv("corrected.csv", HEADER, ROW_2,
                ROW_3.replace(",3,1.00,3.004,3.00,", ",4,1.00,4.00,4.00,")), "aliyun-cloudauth", ACCOUNT, false);
        assertThat(corrected.stored().version()).isEqualTo(2);
        assertThat(corrected.stored().isNew()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no payable column       | 应付金额(元),币种 | 金额,币种                     |      | row 1: no column 应付金额/payable (header names accepted: 应付金额, 实际扣费, payable, pretaxamount, amount)
            two payable columns     | 费用,应付金额(元) | payable,应付金额(元)           |      | row 1: two columns for 应付金额/payable ('payable' and '应付金额(元)')
            cycle not a month       | 2027-06,2027-06-01 | 2027-13,2027-06-01        | 3    | row 3, column 账期/billing cycle: '2027-13' is not YYYY-MM
            another month's line    | 2027-06,2027-06-01 | 2027-07,2027-06-01        | 3    | row 3, column 账期/billing cycle: '2027-07' is not the file's month 2027-06 (one month per file)
            usage date bad          | 2027-06-01,,       | 2027-06-31,,              | 3    | row 3, column 使用日期/usage date: '2027-06-31' is not yyyy-MM-dd
            paid before use         | 2027-06-01,,       | 2027-06-01,2027-05-31,    | 3    | row 3, column 扣费日期/pay date: 2027-05-31 is before the usage date 2027-06-01
            the month's last day    | 2027-06-01,,       | 2027-06-30,,              | 3    | row 3, column 扣费日期/pay date: 2027-07-01 is not in 2027-06 (the bill is by deduction day: a usage day is paid the next day)
            product missing         | ,cloudauth,FaceVerify,i-1,3 | ,,FaceVerify,i-1,3 | 3  | row 3, column 产品/product: missing
            calls a fraction        | i-1,3,             | i-1,3.5,                  | 3    | row 3, column 用量/calls: '3.5' is not a whole number of calls
            calls negative          | i-1,3,             | i-1,-3,                   | 3    | row 3, column 用量/calls: '-3' is not a whole number of calls
            calls text              | i-1,3,             | i-1,three,                | 3    | row 3, column 用量/calls: 'three' is not a number
            payable beyond the fen  | 3.004,3.00,        | 3.004,3.001,              | 3    | row 3, column 应付金额/payable: 3.001 has more than 2 decimals (to the fen)
            payable text            | 3.004,3.00,        | 3.004,n/a,                | 3    | row 3, column 应付金额/payable: 'n/a' is not a number
            cost beyond 8 decimals  | 3.004,3.00,        | 3.000000001,3.00,         | 3    | row 3, column 费用/cost: 3.000000001 has more than 8 decimals
            unit price text         | 3,1.00,3.004       | 3,one,3.004               | 3    | row 3, column 单价/unit price: 'one' is not a number
            currency USD            | 3.00,CNY           | 3.00,USD                  | 3    | row 3, column 币种/currency: 'USD' is not CNY
            the same line twice     | 2027-06-01,,cloudauth | 2027-05-31,,cloudauth  | 3    | row 3, column 账单ID/bill id: 'i-1' of 2027-05-31 cloudauth FaceVerify listed again (first at row 2)
            """)
    void aBadCsvBillIsRejectedWholeNamingRowAndColumn(String what, String from, String to, String row, String message)
            throws IOException {
        String header = row == null ? HEADER.replace(from.strip(), to.strip()) : HEADER;
        String third = row == null ? ROW_3 : ROW_3.replace(from.strip(), to.strip());
        assertThat(header + third).as("the case changes the file").isNotEqualTo(HEADER + ROW_3);
        Path file = csv(NAME, header, ROW_2, third);
        assertThatThrownBy(() -> importer.importFile(file, null, ACCOUNT, false))
                .isInstanceOf(RejectedInputException.class).hasMessage(NAME + " " + message.strip());
        assertThat(kept()).as("nothing of it stored").isZero();
    }

    @Test
    void aFileWithoutLinesOrBytesIsRejected() throws IOException {
        assertThatThrownBy(() -> importer.importFile(csv(NAME, HEADER), null, ACCOUNT, false))
                .hasMessage(NAME + ": a header and no bill lines (the month cannot be told)");
        assertThatThrownBy(() -> importer.importFile(Files.write(dir.resolve(NAME), new byte[0]), null, ACCOUNT,
                false)).hasMessageContaining("empty file");
        assertThatThrownBy(() -> importer.importFile(csv("invoice.csv", HEADER, ROW_2), null, ACCOUNT, false))
                .hasMessageStartingWith("invoice.csv: unknown provider");
        assertThat(kept()).isZero();
    }

    @Test
    void aBadXlsxRowIsRejectedNamingTheRow() throws IOException {
        Path xlsx = xlsx("aliyun-cloudauth-bill.xlsx", List.of(HEADER.split(","), ROW_2.split(","),
                ROW_3.replace("3.004,3.00", "3.004,three").split(",", -1)));
        assertThatThrownBy(() -> importer.importFile(xlsx, null, ACCOUNT, false))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("aliyun-cloudauth-bill.xlsx row 3, column 应付金额/payable: 'three' is not a number");
        assertThat(kept()).isZero();
    }

    @Test
    void aBillByUsageDayHoldsTheMonthsOwnDays() throws IOException {
        String last = "2027-06,2027-06-30,,cloudauth,FaceVerify,i-1,4,1.00,4.00,4.00,CNY";
        assertThatThrownBy(() -> importer.importFile(csv(NAME, HEADER, ROW_2), null, ACCOUNT, true))
                .hasMessage(NAME + " row 2, column 使用日期/usage date: 2027-05-31 is not in 2027-06 (the bill is by"
                        + " usage day)");
        importer.importFile(csv(NAME, HEADER, ROW_3, last), null, ACCOUNT, true);
        assertThat(jdbc.sql("SELECT by_deduction_day FROM provider_invoice WHERE account = :a").param("a", ACCOUNT)
                .query(Boolean.class).single()).isFalse();
    }

    private long kept() {
        return jdbc.sql("SELECT count(*) FROM provider_invoice WHERE account = :a").param("a", ACCOUNT)
                .query(Long.class).single();
    }

    private Path csv(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private Path xlsx(String name, List<String[]> rows) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = wb.createSheet("账单");
            for (int r = 0; r < rows.size(); r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).length; c++) {
                    row.createCell(c).setCellValue(rows.get(r)[c]);
                }
            }
            wb.write(out);
            return Files.write(dir.resolve(name), out.toByteArray());
        }
    }
}
