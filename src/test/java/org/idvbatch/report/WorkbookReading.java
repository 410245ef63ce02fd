package org.idvbatch.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.util.AreaReference;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFPrintSetup;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Reads generated workbooks back the way a person's spreadsheet program would, to compare with the database. */
final class WorkbookReading {

    /** 17 digits and a digit or X, not part of a longer number (nor the decimals of one). */
    static final Pattern ID_NUMBER = Pattern.compile("(?<![\\d.])\\d{17}[\\dXx](?!\\d)");

    private WorkbookReading() {
    }

    static XSSFWorkbook open(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new XSSFWorkbook(in);
        }
    }

    /** The row whose first cell is {@code label}, searched from the top. */
    static Row rowLabelled(Sheet sheet, String label) {
        for (Row row : sheet) {
            Cell first = row.getCell(0);
            if (first != null && first.toString().equals(label)) {
                return row;
            }
        }
        throw new AssertionError("no row labelled " + label + " on sheet " + sheet.getSheetName());
    }

    /**
     * Asserts that the sheet prints on A4 one page wide (one page in all when {@code onePage}), with the frozen
     * rows repeated on every page, a print area holding every cell with a value, and a footer naming the sheet,
     * the page and {@code period}.
     */
    static void assertPrintsOnA4(XSSFSheet sheet, String period, boolean onePage) {
        String name = sheet.getSheetName();
        XSSFPrintSetup print = sheet.getPrintSetup();
        assertThat(print.getPaperSize()).as(name + " paper").isEqualTo(PrintSetup.A4_PAPERSIZE);
        assertThat(sheet.getFitToPage()).as(name + " fit to page").isTrue();
        assertThat(print.getFitWidth()).as(name + " pages wide").isEqualTo((short) 1);
        assertThat(print.getFitHeight()).as(name + " pages high (0: as many as needed)")
                .isEqualTo((short) (onePage ? 1 : 0));
        int frozen = sheet.getPaneInformation().getHorizontalSplitPosition();
        assertThat(sheet.getRepeatingRows()).as(name + " print titles: the frozen rows")
                .isEqualTo(CellRangeAddress.valueOf("$1:$" + frozen));
        String area = sheet.getWorkbook().getPrintArea(sheet.getWorkbook().getSheetIndex(sheet));
        assertThat(area).as(name + " print area").isNotNull();
        AreaReference printed = new AreaReference(area.substring(area.indexOf('!') + 1), SpreadsheetVersion.EXCEL2007);
        for (Row row : sheet) {
            for (Cell cell : row) {
                if (cell.getCellType() != CellType.BLANK) {
                    assertThat(printed.isWholeColumnReference() || contains(printed, cell))
                            .as(name + " " + cell.getAddress() + " inside the print area " + area).isTrue();
                }
            }
        }
        assertThat(sheet.getFooter().getLeft()).as(name + " footer: sheet name").isEqualTo("&A");
        assertThat(sheet.getFooter().getCenter()).as(name + " footer: page n of m").contains("&P").contains("&N");
        assertThat(sheet.getFooter().getRight()).as(name + " footer: period").isEqualTo(period);
    }

    private static boolean contains(AreaReference area, Cell cell) {
        return cell.getRowIndex() >= area.getFirstCell().getRow() && cell.getRowIndex() <= area.getLastCell().getRow()
                && cell.getColumnIndex() >= area.getFirstCell().getCol()
                && cell.getColumnIndex() <= area.getLastCell().getCol();
    }

    /** Every ID-number-shaped string in any cell of any sheet, as formatted text. */
    static List<String> idNumbersInCells(Workbook wb) {
        DataFormatter fmt = new DataFormatter();
        List<String> found = new ArrayList<>();
        for (Sheet sheet : wb) {
            for (Row row : sheet) {
                for (Cell cell : row) {
                    Matcher m = ID_NUMBER.matcher(fmt.formatCellValue(cell) + " " + cell);
                    while (m.find()) {
                        found.add(sheet.getSheetName() + "!" + cell.getAddress() + ": " + m.group());
                    }
                }
            }
        }
        return found;
    }

    /** The sheets of a workbook, by name, in order. */
    static List<String> sheetNames(Workbook wb) {
        List<String> names = new ArrayList<>();
        wb.forEach(s -> names.add(s.getSheetName()));
        return names;
    }

    /** A gzip-compressed CSV file as a spreadsheet program would decompress and read it. */
    record Csv(boolean byteOrderMark, String text, List<List<String>> records) {
    }

    static Csv gunzipCsv(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            bytes = in.readAllBytes();
        }
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF;
        String text = new String(bytes, bom ? 3 : 0, bytes.length - (bom ? 3 : 0), StandardCharsets.UTF_8);
        return new Csv(bom, text, records(text));
    }

    /** RFC 4180: records end with CRLF, fields are separated by commas, a quoted field doubles its quotes. */
    static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(quoted).as("a quoted field left open").isFalse();
        assertThat(field.length() == 0 && record.isEmpty()).as("the last record ends with CRLF").isTrue();
        return records;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every ID-number-shaped string in the raw XML parts of the file (shared strings, sheets, charts). */
    static List<String> idNumbersInZip(Path file) throws IOException {
        List<String> found = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    Matcher m = ID_NUMBER.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    while (m.find()) {
                        found.add(entry.getName() + ": " + m.group());
                    }
                }
            }
        }
        return found;
    }
}
