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
import org.apache.poi.ss.usermodel.Cell;
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
