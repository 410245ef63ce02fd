package org.idvbatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.idvbatch.TestCommands;
import org.idvbatch.command.ExitCode;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The day of issue 27 for real: 1,100,000 sessions in one business day, more than the 1,048,575 lines a sheet holds
 * under its header. {@code report --date} (the default setting: a file above 1,000,000 sessions) exits 0 and leaves
 * the workbook and the day's CSV, every session in it; a workbook that holds the whole day (the setting raised)
 * continues on a second Sessions sheet, and every row of both sheets is read back by streaming (POI's
 * {@link XSSFReader} and StAX: an in-memory workbook of a million rows would not fit the test's heap). Its own
 * database (a million rows are not for the shared one), closed after the class. Takes a few minutes.
 */
@org.idvbatch.archive.ArchiveIntegrationTest
@TestPropertySource(properties = "idv.reports.dir=target/test-reports-million")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MillionSessionDayTests {

    static final LocalDate DAY = LocalDate.of(2026, 11, 3);
    static final int SESSIONS = 1_100_000;

    @Autowired
    DailyReportWriter writer;
    @Autowired
    ReportProperties props;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    List<Long> firstAndLast;

    @BeforeAll
    void aDayOfOneMillionOneHundredThousandSessions() {
        jdbc.sql("DELETE FROM verification_session").update();
        // 70 ms apart from the day's first second: 21.4 hours of one business day, in id order
        jdbc.sql("""
                INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                       created_at, retention_deadline, next_attempt_at, state, result_code, name_mask, id_number_mask,
                       harvested_at, evidence_status)
                SELECT 'tencent-faceid', 'default', 'FaceID', 'rule-' || g % 3, 'order-' || g, 'token-' || g, t,
                       t + interval '3 days', t, CASE WHEN g % 10 = 0 THEN 'FAILED' ELSE 'PASSED' END,
                       CASE WHEN g % 10 = 0 THEN '2006' ELSE '0' END, '张*',
                       '330103********' || lpad((g % 10000)::text, 4, '0'), t + interval '2 minutes', 'ARCHIVED'
                  FROM generate_series(1, :n) g,
                       LATERAL (SELECT CAST(:start AS timestamptz) + g * interval '70 milliseconds' AS t) created""")
                .param("start", java.sql.Timestamp.from(BusinessDay.of(DAY).start().plusSeconds(1)))
                .param("n", SESSIONS).update();
        jdbc.sql("ANALYZE verification_session").update();
        firstAndLast = jdbc.sql("SELECT min(id) FROM verification_session UNION ALL SELECT max(id)"
                + " FROM verification_session").query(Long.class).list();
        assertThat(firstAndLast.get(1) - firstAndLast.get(0) + 1).isEqualTo(SESSIONS);
    }

    @Test
    void reportDateExitsZeroAndTheDaysSessionsAreAllInTheCsvThatTheSummaryNames() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        int exit = TestCommands.run(TestCommands.against(((HikariDataSource) dataSource).getJdbcUrl(),
                "idv.reports.dir", props.dir(), "idv.archive.root", "target/test-data/archive",
                "idv.archive.kek-file", "target/test-data/keys/archive-kek.json"), out, err,
                "report", "--date", DAY.toString(), "-q");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(exit).as(err.toString()).isEqualTo(ExitCode.OK);
        Path workbook = writer.dailyPath(DAY);
        Path csv = writer.sessionsCsvPath(DAY);
        assertThat(out.toString()).contains("report: wrote " + workbook).contains("report: wrote " + csv);
        System.out.printf("report --date, %,d sessions: %.1f s; CSV %,d bytes, workbook %,d bytes%n", SESSIONS,
                seconds, Files.size(csv), Files.size(workbook));

        long lines = 0;
        long expected = firstAndLast.get(0);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(csv), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            String header = in.readLine();
            assertThat(header).startsWith("\uFEFF会话ID,服务商,");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                long id = Long.parseLong(line.substring(0, line.indexOf(',')));
                assertThat(id).as("line " + (lines + 1)).isEqualTo(expected++);
                lines++;
            }
        }
        assertThat(lines).isEqualTo(SESSIONS);
        try (XSSFWorkbook wb = WorkbookReading.open(workbook)) {
            var summary = wb.getSheet("汇总");
            assertThat(WorkbookReading.rowLabelled(summary, "会话明细文件行数").getCell(1).getNumericCellValue())
                    .isEqualTo(SESSIONS);
            assertThat(WorkbookReading.rowLabelled(summary, "会话明细文件 SHA-256").getCell(1).getStringCellValue())
                    .isEqualTo(WorkbookReading.sha256(csv));
            assertThat(WorkbookReading.rowLabelled(summary, "发起会话数").getCell(1).getNumericCellValue())
                    .isEqualTo(SESSIONS);
        }
    }

    @Test
    void aWorkbookHoldingTheWholeDayContinuesOnASecondSessionsSheetAndEveryRowReadsBack() throws Exception {
        long started = System.nanoTime();
        Path workbook = writer.with(new ReportProperties(props.dir(), props.language(), 2_000_000L), ExcelLimits.ROWS)
                .write(new RunInfo(DAY, 1L, Instant.now(), "test"));
        System.out.printf("daily workbook with %,d sessions on numbered sheets: %.1f s, %,d bytes%n", SESSIONS,
                (System.nanoTime() - started) / 1e9, Files.size(workbook));
        assertThat(writer.sessionsCsvPath(DAY)).doesNotExist();

        Map<String, SheetRead> sheets = streamed(workbook);
        assertThat(sheets.keySet()).containsExactly("汇总", "对账", "差异调用", "异常", "会话明细", "会话明细 (2)",
                "存证明细");
        SheetRead first = sheets.get("会话明细");
        SheetRead second = sheets.get("会话明细 (2)");
        assertThat(first.rows()).as("Excel's every row").isEqualTo(ExcelLimits.ROWS);
        assertThat(second.rows()).isEqualTo(SESSIONS - (ExcelLimits.ROWS - 1) + 1);
        for (SheetRead sheet : List.of(first, second)) {
            assertThat(sheet.header()).isEqualTo(SessionsSheet.headers(new ReportLabels("zh_CN")));
            assertThat(sheet.pane()).as("the header row frozen").isEqualTo("frozen below 1.0");
            assertThat(sheet.filter()).isEqualTo("A1:Q" + sheet.rows());
            assertThat(sheet.paper()).as("A4").isEqualTo("9");
            assertThat(sheet.firstId() + sheet.rows() - 2).as("ids without a gap").isEqualTo(sheet.lastId());
        }
        assertThat(first.firstId()).isEqualTo(firstAndLast.get(0));
        assertThat(second.firstId()).as("the second sheet goes on where the first ends").isEqualTo(first.lastId() + 1);
        assertThat(second.lastId()).isEqualTo(firstAndLast.get(1));
        assertThat(first.rows() - 1 + second.rows() - 1).as("every session once").isEqualTo(SESSIONS);
    }

    /** One sheet as streamed: its rows (header included), header texts, first and last id, layout attributes. */
    record SheetRead(long rows, List<String> header, long firstId, long lastId, String pane, String filter,
                     String paper) {
    }

    /**
     * Every sheet of the workbook read with POI's streaming {@link XSSFReader} and a StAX pass over its XML: rows
     * counted, the header's inline strings and each line's first cell (the id) read, the pane, filter and page
     * setup noted. Memory stays flat whatever the sheet's size.
     */
    static Map<String, SheetRead> streamed(Path workbook) throws Exception {
        Map<String, SheetRead> sheets = new LinkedHashMap<>();
        XMLInputFactory xml = XMLInputFactory.newFactory();
        try (OPCPackage pkg = OPCPackage.open(workbook.toFile(), PackageAccess.READ)) {
            XSSFReader.SheetIterator it = (XSSFReader.SheetIterator) new XSSFReader(pkg).getSheetsData();
            while (it.hasNext()) {
                try (InputStream in = it.next()) {
                    String name = it.getSheetName();
                    XMLStreamReader r = xml.createXMLStreamReader(in);
                    long rows = 0;
                    List<String> header = new ArrayList<>();
                    long firstId = -1;
                    long lastId = -1;
                    String frozen = null;
                    String filter = null;
                    String paper = null;
                    boolean firstCell = false;
                    while (r.hasNext()) {
                        if (r.next() != XMLStreamConstants.START_ELEMENT) {
                            continue;
                        }
                        switch (r.getLocalName()) {
                            case "row" -> {
                                rows++;
                                firstCell = true;
                            }
                            case "c" -> {
                                if (!firstCell) {
                                    break;
                                }
                                firstCell = false;
                                if (rows > 1 && name.startsWith("会话明细")) {
                                    while (!(r.next() == XMLStreamConstants.START_ELEMENT
                                            && r.getLocalName().equals("v"))) {
                                        // to the value of the row's first cell
                                    }
                                    lastId = (long) Double.parseDouble(r.getElementText()); // numbers are doubles in the XML
                                    firstId = firstId < 0 ? lastId : firstId;
                                }
                            }
                            case "t" -> {
                                if (rows == 1) {
                                    header.add(r.getElementText());
                                }
                            }
                            case "pane" -> frozen = r.getAttributeValue(null, "state") + " below "
                                    + r.getAttributeValue(null, "ySplit");
                            case "autoFilter" -> filter = r.getAttributeValue(null, "ref");
                            case "pageSetup" -> paper = r.getAttributeValue(null, "paperSize");
                            default -> {
                            }
                        }
                    }
                    r.close();
                    sheets.put(name, new SheetRead(rows, header, firstId, lastId, frozen, filter, paper));
                }
            }
        }
        return sheets;
    }
}
