package org.idvbatch.copydeletion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** A line of a workbook's section, read back as text: what a person reading the Compliance sheet sees. */
final class ComplianceSheetLines {

    /** The number formats of the cells of the line {@link #lineOfSection} returned last (this thread's). */
    static final ThreadLocal<List<String>> FORMATS = ThreadLocal.withInitial(ArrayList::new);

    private ComplianceSheetLines() {
    }

    /**
     * The first {@code cells} cells of the first row after a section's title (a first cell starting with one of
     * {@code titles}, in English or Chinese) whose cells {@code wanted} accepts; empty when there is none.
     */
    static List<String> lineOfSection(Path workbook, List<String> titles, Predicate<List<String>> wanted, int cells)
            throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(workbook.toFile())) {
            for (Sheet sheet : wb) {
                boolean inSection = false;
                for (Row row : sheet) {
                    String first = text(row.getCell(0));
                    if (first != null && titles.stream().anyMatch(first::startsWith)) {
                        inSection = true; // the section's title (the backlog's carries the time it was written)
                        continue;
                    }
                    if (inSection) {
                        List<String> line = new ArrayList<>();
                        for (int c = 0; c < cells; c++) {
                            line.add(text(row.getCell(c)));
                        }
                        List<String> lastFormats = FORMATS.get();
                        lastFormats.clear();
                        for (int c = 0; c < cells; c++) {
                            lastFormats.add(row.getCell(c) == null ? "" : row.getCell(c).getCellStyle()
                                    .getDataFormatString());
                        }
                        if (wanted.test(line)) {
                            return line;
                        }
                    }
                }
            }
        } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            throw new IOException(e);
        }
        return List.of();
    }

    static String text(Cell cell) {
        if (cell == null) {
            return null;
        }
        if (cell.getCellType() == CellType.NUMERIC) {
            if (DateUtil.isCellDateFormatted(cell)) {
                return cell.getLocalDateTimeCellValue().toLocalDate().toString();
            }
            double v = cell.getNumericCellValue();
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
        return cell.getStringCellValue();
    }
}
