package org.idvbatch.reconcile.statement;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.idvbatch.RejectedInputException;

/** Turns a statement file's bytes into text rows, whatever the container (CSV text or an XLSX workbook). */
public final class SheetReader {

    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};

    private SheetReader() {
    }

    /** The rows, and how the bytes were read (an encoding name or XLSX). */
    public record Content(List<SourceRow> rows, String encoding) {
    }

    public static Content read(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new RejectedInputException(source + ": empty file (0 bytes)");
        }
        if (startsWith(bytes, OLE2)) {
            throw new RejectedInputException(source + ": a legacy .xls (BIFF) workbook; save it as .xlsx or CSV");
        }
        if (startsWith(bytes, ZIP) || source.toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx")) {
            return new Content(xlsx(bytes, source), "XLSX");
        }
        DecodedText text = DecodedText.of(bytes, source);
        return new Content(csv(text.text(), source), text.encoding());
    }

    private static List<SourceRow> csv(String text, String source) {
        List<SourceRow> rows = new ArrayList<>();
        try (CSVParser parser = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get()
                .parse(new StringReader(text))) {
            for (CSVRecord record : parser) {
                rows.add(new SourceRow((int) parser.getCurrentLineNumber(), record.toList()));
            }
        } catch (UncheckedIOException | IOException | IllegalStateException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new RejectedInputException(source + ": not valid CSV: " + cause.getMessage());
        }
        return rows;
    }

    private static List<SourceRow> xlsx(byte[] bytes, String source) {
        List<SourceRow> rows = new ArrayList<>();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            if (book.getNumberOfSheets() == 0) {
                throw new RejectedInputException(source + ": the workbook has no sheet");
            }
            Sheet sheet = book.getSheetAt(0);
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
                    cells.add(text(row.getCell(c)));
                }
                rows.add(new SourceRow(row.getRowNum() + 1, cells));
            }
        } catch (RejectedInputException e) {
            throw e;
        } catch (Exception | LinkageError e) { // POI signals a damaged package in many exception types
            throw new RejectedInputException(source + ": not a readable XLSX workbook (truncated or damaged): "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        return rows;
    }

    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case STRING -> cell.getStringCellValue();
            case NUMERIC -> DateUtil.isCellDateFormatted(cell)
                    ? cell.getLocalDateTimeCellValue().toLocalDate().toString()
                    : BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString();
            case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
            default -> "";
        };
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
