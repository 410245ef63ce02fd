package org.idvbatch.reconcile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Console statement exports generated at test time, in the formats the consoles write (statement-format.md). */
public final class StatementFiles {

    public static final String ZH_HEADER = "日期,账号,产品,场景,计费类型,调用量,计费量,单价(元),金额(元)";
    public static final String EN_HEADER = "Date,Account,Product,Scene,ChargeType,Calls,BillableCalls,UnitPrice,Amount";
    public static final Charset GBK = Charset.forName("GBK");

    private StatementFiles() {
    }

    /** Tencent console style: GBK, Chinese headers. */
    public static byte[] gbk(String... lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(GBK);
    }

    /** Alibaba console style: UTF-8 with a byte-order mark. */
    public static byte[] utf8Bom(String... lines) {
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[text.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(text, 0, out, 3, text.length);
        return out;
    }

    public static byte[] utf8(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** First sheet holds the rows; cells that look like whole numbers are written as numeric cells. */
    public static byte[] xlsx(List<List<String>> rows) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("统计");
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    String v = rows.get(r).get(c);
                    if (v.matches("\\d+(\\.\\d+)?")) {
                        row.createCell(c).setCellValue(Double.parseDouble(v));
                    } else {
                        row.createCell(c).setCellValue(v);
                    }
                }
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
