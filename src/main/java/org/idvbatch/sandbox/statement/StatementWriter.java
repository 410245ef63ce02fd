package org.idvbatch.sandbox.statement;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.billing.BillingLine;

/**
 * The console's daily statement export (src/site/markdown/reconciliation.md,
 * "Console statement format"):
 * Chinese headers, one row per day x account x product x scene x charge type, thousands separators,
 * a trailing 合计 row. CSV is GBK for Tencent and UTF-8 with BOM for Alibaba; XLSX puts it on the first sheet.
 */
public final class StatementWriter {

    public enum Format { CSV, XLSX }

    static final List<String> HEADERS = List.of("日期", "账号", "产品", "场景", "计费类型", "调用量", "计费量",
            "单价(元)", "金额(元)");

    private StatementWriter() {
    }

    public static String fileName(Provider provider, String date, Format format) {
        return provider.code() + "-statement-" + date + "." + format.name().toLowerCase();
    }

    public static void write(Provider provider, List<BillingLine> lines, Format format, OutputStream out)
            throws IOException {
        List<List<String>> rows = rows(lines);
        if (format == Format.XLSX) {
            writeXlsx(rows, out);
            return;
        }
        Charset charset = provider == Provider.TENCENT_FACEID ? Charset.forName("GBK") : StandardCharsets.UTF_8;
        Writer w = new OutputStreamWriter(out, charset);
        if (charset == StandardCharsets.UTF_8) {
            w.write('\uFEFF');
        }
        try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            csv.printRecord(HEADERS);
            for (List<String> row : rows) {
                csv.printRecord(row);
            }
        }
    }

    private static List<List<String>> rows(List<BillingLine> lines) {
        DecimalFormat count = new DecimalFormat("#,##0");
        DecimalFormat money = new DecimalFormat("#,##0.00");
        List<List<String>> rows = new ArrayList<>();
        long calls = 0;
        long billable = 0;
        BigDecimal amount = BigDecimal.ZERO.setScale(2);
        for (BillingLine l : lines) {
            rows.add(List.of(l.date().toString(), l.account(), l.product(), l.scene(), l.chargeType(),
                    count.format(l.calls()), count.format(l.billableCalls()), money.format(l.unitPrice()),
                    money.format(l.amount())));
            calls += l.calls();
            billable += l.billableCalls();
            amount = amount.add(l.amount());
        }
        rows.add(List.of("合计", "", "", "", "", count.format(calls), count.format(billable), "", money.format(amount)));
        return rows;
    }

    private static void writeXlsx(List<List<String>> rows, OutputStream out)
            throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet sheet = wb.createSheet("计费调用量统计");
            Row header = sheet.createRow(0);
            for (int c = 0; c < HEADERS.size(); c++) {
                header.createCell(c).setCellValue(HEADERS.get(c));
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                List<String> cells = rows.get(r);
                for (int c = 0; c < cells.size(); c++) {
                    if (c >= 5 && !cells.get(c).isEmpty()) {
                        row.createCell(c).setCellValue(Double.parseDouble(cells.get(c).replace(",", "")));
                    } else {
                        row.createCell(c).setCellValue(cells.get(c));
                    }
                }
            }
            wb.write(out);
        }
    }
}
