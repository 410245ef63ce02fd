package org.idvbatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Excel's limits on one sheet, kept by the parts every sheet writer shares (no database needed): a table longer
 * than a sheet continues on numbered sheets with its header, widths, frozen pane and filter; a text longer than a
 * cell holds is cut with a marker that says how much; a sheet's name fits 31 characters with its number, in any
 * language. Each workbook is written and read back, so POI (and its checks) sees what Excel would open.
 */
class SheetLimitsTests {

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {true, false})
    void aTableLongerThanASheetContinuesOnNumberedSheetsEachWithHeaderWidthsFrozenPaneAndFilter(boolean streamed)
            throws IOException {
        Workbook written = streamed ? new SXSSFWorkbook(5) : new XSSFWorkbook();
        try (written) {
            WorkbookSheets book = new WorkbookSheets(written, new ReportLabels("en"), new SheetStyles(written), 10);
            SheetSeries sessions = book.sheet("sheet.sessions");
            TableSheet table = TableSheet.start(sessions, 0, List.of("Session id", "Note"), 9, 30).frozen();
            for (long id = 1; id <= 25; id++) {
                table.line().integer(id).text("line " + id);
            }
            table.filter();
            assertThat(sessions.sheets()).hasSize(3);
            try (XSSFWorkbook wb = readBack(written)) {
                assertThat(names(wb)).containsExactly("Sessions", "Sessions (2)", "Sessions (3)");
                List<Long> ids = new ArrayList<>();
                for (Sheet s : wb) {
                    XSSFSheet sheet = (XSSFSheet) s;
                    assertThat(sheet.getLastRowNum()).as(sheet.getSheetName() + ": rows 0..9 at most").isLessThan(10);
                    assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Session id");
                    assertThat(sheet.getRow(0).getCell(1).getStringCellValue()).isEqualTo("Note");
                    assertThat(sheet.getColumnWidth(1)).isEqualTo(30 * 256);
                    assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
                    assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
                    assertThat(sheet.getCTWorksheet().getAutoFilter().getRef())
                            .isEqualTo("A1:B" + (sheet.getLastRowNum() + 1));
                    for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                        Row row = sheet.getRow(r);
                        ids.add((long) row.getCell(0).getNumericCellValue());
                        assertThat(row.getCell(1).getStringCellValue()).isEqualTo("line " + ids.get(ids.size() - 1));
                    }
                }
                assertThat(ids).as("every line once, in order, 9 per sheet")
                        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
            }
        }
    }

    @Test
    void aTableWhoseHeaderAndFirstLineNoLongerFitStartsOnTheNextSheet() throws IOException {
        try (XSSFWorkbook written = new XSSFWorkbook()) {
            WorkbookSheets book = new WorkbookSheets(written, new ReportLabels("en"), new SheetStyles(written), 10);
            SheetSeries compliance = book.sheet("sheet.compliance");
            TableSheet first = TableSheet.start(compliance, 1, List.of("Provider", "Objects")).frozen();
            for (int i = 0; i < 7; i++) {
                first.line().text("p" + i).integer(i);
            }
            assertThat(first.end()).as("rows 1..8 used").isEqualTo(9);
            assertThat(compliance.rowFor(first.end() + 1, 3)).as("a title, a header and a line need rows 10..12")
                    .isZero();
            TableSheet second = TableSheet.start(compliance, 1, List.of("Key", "Objects"));
            second.line().text("k1").integer(3);
            assertThat(second.sheet().getSheetName()).isEqualTo("Compliance (2)");
            assertThat(second.sheet().getRow(1).getCell(0).getStringCellValue()).isEqualTo("Key");
            assertThat(TableSheet.start(compliance, 9, List.of("Late")).sheet().getSheetName())
                    .as("a header on the last row would have no line under it").isEqualTo("Compliance (3)");
        }
    }

    @Test
    void aTextLongerThanACellHoldsIsCutToExcelsLimitAndSaysHowMuchWasCut() throws IOException {
        String text = "a".repeat(20_000) + "b".repeat(20_000);
        String exact = "c".repeat(ExcelLimits.CELL_TEXT);
        try (SXSSFWorkbook written = new SXSSFWorkbook(5)) {
            WorkbookSheets book = new WorkbookSheets(written, new ReportLabels("en"), new SheetStyles(written),
                    ExcelLimits.ROWS);
            SheetSeries exceptions = book.sheet("sheet.exceptions");
            TableSheet table = TableSheet.start(exceptions, 0, List.of("Detail"));
            table.line().text(text);
            table.line().wrapped(text);
            table.line().text(exact);
            assertThat(exceptions.cutCells()).as("the two long ones, not the one of exactly 32,767").isEqualTo(2);
            try (XSSFWorkbook wb = readBack(written)) {
                Sheet sheet = wb.getSheetAt(0);
                for (int r = 1; r <= 2; r++) {
                    String cell = sheet.getRow(r).getCell(0).getStringCellValue();
                    assertThat(cell).hasSize(ExcelLimits.CELL_TEXT).startsWith("a".repeat(20_000) + "bbb");
                    Matcher marker = Pattern.compile("… \\[cut: 40,000 characters in all, the last ([\\d,]+) not"
                            + " shown]$").matcher(cell);
                    assertThat(marker.find()).as(cell.substring(cell.length() - 80)).isTrue();
                    int shown = cell.length() - marker.group().length();
                    assertThat(Integer.parseInt(marker.group(1).replace(",", ""))).as("the count is exact")
                            .isEqualTo(40_000 - shown);
                    assertThat(cell.substring(0, shown)).isEqualTo(text.substring(0, shown));
                }
                assertThat(sheet.getRow(3).getCell(0).getStringCellValue()).isEqualTo(exact);
            }
        }
    }

    @Test
    void aCutNeverSplitsACharacterAndSpeaksTheReportsLanguage() {
        String faces = "😀".repeat(20_000); // 40,000 UTF-16 units
        String cut = TableSheet.cut(faces, new ReportLabels("zh_CN"));
        assertThat(cut.length()).isLessThanOrEqualTo(ExcelLimits.CELL_TEXT);
        int marker = cut.indexOf('…');
        assertThat(marker % 2).as("whole surrogate pairs before the marker").isZero();
        assertThat(cut.substring(0, marker)).isEqualTo(faces.substring(0, marker));
        assertThat(cut.substring(marker)).isEqualTo("…［已截断：全文 40,000 字符，末尾 " + String.format("%,d",
                40_000 - marker) + " 字符未显示］");
    }

    @Test
    void everySheetLabelOfEitherLanguageIsItsOwnNameAndNumbersWithinExcelsLimit() throws IOException {
        for (String language : List.of("zh_CN", "en")) {
            Properties labels = new Properties();
            try (var in = ReportLabels.class.getResourceAsStream("labels_" + language + ".properties")) {
                labels.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
            List<String> names = new ArrayList<>();
            for (String key : labels.stringPropertyNames()) {
                if (key.startsWith("sheet.")) {
                    String label = labels.getProperty(key);
                    assertThat(SheetSeries.name(label, 1)).as(key).isEqualTo(label);
                    assertThat(SheetSeries.name(label, 2)).as(key).isEqualTo(label + " (2)")
                            .hasSizeLessThanOrEqualTo(ExcelLimits.SHEET_NAME);
                    names.add(label.toLowerCase(java.util.Locale.ROOT));
                }
            }
            assertThat(names).as(language + ": no two sheets alike (Excel ignores case)").doesNotHaveDuplicates();
        }
    }

    @Test
    void aLongLocalizedLabelIsCutVisiblySharesItsStemAcrossNumberedSheetsAndOpens() throws IOException {
        List<String> labels = List.of("Sitzungen des Geschäftstages mit allen Einzelheiten",
                "本业务日全部实人认证会话的逐条明细（含脱敏身份信息、结果码与存证状态）",
                "Сеансы проверки личности за рабочий день",
                "'Sessions [2026/10/05]: who? *all*'", "😀".repeat(40));
        try (XSSFWorkbook written = new XSSFWorkbook()) {
            WorkbookSheets book = new WorkbookSheets(written, new ReportLabels("en"), new SheetStyles(written), 10);
            List<String> expected = new ArrayList<>();
            for (String label : labels) {
                SheetSeries series = new SheetSeries(book, label);
                for (int n = 2; n <= 12; n++) {
                    series.next();
                }
                String stem = SheetSeries.name(label, 1);
                for (int n = 1; n <= 12; n++) {
                    String name = SheetSeries.name(label, n);
                    assertThat(name).as(label + " #" + n).hasSizeLessThanOrEqualTo(ExcelLimits.SHEET_NAME)
                            .doesNotContain("[", "]", ":", "*", "?", "/", "\\").doesNotStartWith("'")
                            .doesNotEndWith("'");
                    assertThatCode(() -> WorkbookUtil.validateSheetName(name)).doesNotThrowAnyException();
                    assertThat(Character.isHighSurrogate(name.charAt(name.length() - 1))).isFalse();
                    if (n > 1 && n < 10) {
                        assertThat(name).isEqualTo(stem + " (" + n + ")");
                    }
                    expected.add(name);
                }
                if (label.length() > ExcelLimits.SHEET_NAME - 4) {
                    assertThat(stem).as("a cut shows").endsWith("…");
                }
            }
            assertThat(SheetSeries.name("本业务日全部实人认证会话的逐条明细（含脱敏身份信息、结果码与存证状态）", 2))
                    .isEqualTo("本业务日全部实人认证会话的逐条明细（含脱敏身份信息、… (2)");
            try (XSSFWorkbook wb = readBack(written)) {
                assertThat(names(wb)).as("as written, none renamed on the way").isEqualTo(expected);
            }
        }
    }

    private static XSSFWorkbook readBack(Workbook written) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        written.write(bytes);
        return new XSSFWorkbook(new ByteArrayInputStream(bytes.toByteArray()));
    }

    private static List<String> names(Workbook wb) {
        List<String> names = new ArrayList<>();
        wb.forEach(s -> names.add(s.getSheetName()));
        return names;
    }
}
