package org.idvbatch.report;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.idvbatch.session.SessionState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Writes {@code reports/YYYY/MM/idv-daily-YYYY-MM-DD.xlsx}: summary, sessions by state, session detail. */
@Service
public class DailyReportWriter {

    static final ZoneId BUSINESS_ZONE = ZoneId.of("Asia/Shanghai");

    private static final String COUNT_BY_PROVIDER_AND_STATE = """
            SELECT provider, state, count(*) FROM verification_session
             WHERE created_at >= ? AND created_at < ? GROUP BY provider, state ORDER BY provider, state
            """;
    private static final String SESSIONS_OF_DAY = """
            SELECT id, provider, account, product, scene, merchant_biz_id, provider_ref, created_at, state,
                   result_code, result_sub_code, name_mask, id_number_mask, retention_deadline
              FROM verification_session WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id
            """;

    private final JdbcTemplate jdbc;
    private final ReportProperties props;

    DailyReportWriter(JdbcTemplate jdbc, ReportProperties props) {
        this.jdbc = jdbc;
        this.props = props;
    }

    public Path dailyPath(LocalDate date) {
        return props.dir().resolve(String.format("%04d/%02d/idv-daily-%s.xlsx", date.getYear(),
                date.getMonthValue(), date));
    }

    /** Writes (or atomically replaces) the day's workbook and returns its path. */
    public Path write(RunInfo run) throws IOException {
        ReportLabels l = new ReportLabels(props.language());
        Timestamp from = Timestamp.from(run.businessDate().atStartOfDay(BUSINESS_ZONE).toInstant());
        Timestamp to = Timestamp.from(run.businessDate().plusDays(1).atStartOfDay(BUSINESS_ZONE).toInstant());
        Map<String, Map<String, Long>> byProvider = countsByProviderAndState(from, to);
        Path target = dailyPath(run.businessDate());
        try (SXSSFWorkbook wb = new SXSSFWorkbook(500)) {
            wb.setCompressTempFiles(true);
            SheetStyles styles = new SheetStyles(wb);
            writeSummary(wb, styles, l, run, byProvider);
            writeByState(wb, styles, l, byProvider);
            writeSessions(wb, styles, l, from, to);
            WorkbookFile.publish(wb, target);
        }
        return target;
    }

    private Map<String, Map<String, Long>> countsByProviderAndState(Timestamp from, Timestamp to) {
        Map<String, Map<String, Long>> result = new LinkedHashMap<>();
        jdbc.query(COUNT_BY_PROVIDER_AND_STATE, rs -> {
            result.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
        }, from, to);
        return result;
    }

    private void writeSummary(SXSSFWorkbook wb, SheetStyles s, ReportLabels l, RunInfo run,
                              Map<String, Map<String, Long>> byProvider) {
        SXSSFSheet sheet = wb.createSheet(l.get("sheet.summary"));
        int r = 0;
        Row title = sheet.createRow(r++);
        text(title, 0, l.get("title")).setCellStyle(s.title);
        text(sheet.createRow(r++), 0, l.get("timezone"));
        r++;
        Row head = sheet.createRow(r++);
        header(head, s, l.get("item"), l.get("value"), l.get("definition"));
        sheet.createFreezePane(0, r);
        Row date = sheet.createRow(r++);
        text(date, 0, l.get("businessDate"));
        date.createCell(1).setCellValue(run.businessDate());
        date.getCell(1).setCellStyle(s.date);
        Row id = sheet.createRow(r++);
        text(id, 0, l.get("runId"));
        number(id, 1, run.runId(), s);
        Row started = sheet.createRow(r++);
        text(started, 0, l.get("startedAt"));
        started.createCell(1).setCellValue(LocalDateTime.ofInstant(run.startedAt(), BUSINESS_ZONE));
        started.getCell(1).setCellStyle(s.dateTime);
        Row version = sheet.createRow(r++);
        text(version, 0, l.get("version"));
        text(version, 1, run.version());
        Row total = sheet.createRow(r++);
        text(total, 0, l.get("sessionsStarted"));
        number(total, 1, byProvider.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue)
                .sum(), s);
        text(total, 2, l.get("sessionsStarted.def"));
        for (SessionState state : SessionState.values()) {
            Row row = sheet.createRow(r++);
            text(row, 0, state.name());
            number(row, 1, byProvider.values().stream().mapToLong(m -> m.getOrDefault(state.name(), 0L)).sum(), s);
            text(row, 2, l.get("state.def"));
        }
        sheet.setColumnWidth(0, 28 * 256);
        sheet.setColumnWidth(1, 22 * 256);
        sheet.setColumnWidth(2, 40 * 256);
    }

    private void writeByState(SXSSFWorkbook wb, SheetStyles s, ReportLabels l,
                              Map<String, Map<String, Long>> byProvider) {
        SXSSFSheet sheet = wb.createSheet(l.get("sheet.byState"));
        List<String> headers = new ArrayList<>();
        headers.add(l.get("provider"));
        for (SessionState state : SessionState.values()) {
            headers.add(state.name());
        }
        headers.add(l.get("total"));
        header(sheet.createRow(0), s, headers.toArray(String[]::new));
        sheet.createFreezePane(0, 1);
        int r = 1;
        for (Map.Entry<String, Map<String, Long>> e : byProvider.entrySet()) {
            Row row = sheet.createRow(r++);
            text(row, 0, e.getKey());
            long sum = 0;
            int c = 1;
            for (SessionState state : SessionState.values()) {
                long n = e.getValue().getOrDefault(state.name(), 0L);
                number(row, c++, n, s);
                sum += n;
            }
            number(row, c, sum, s);
        }
        sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, r - 1), 0, headers.size() - 1));
        for (int c = 0; c < headers.size(); c++) {
            sheet.setColumnWidth(c, (c == 0 ? 20 : 14) * 256);
        }
    }

    private void writeSessions(SXSSFWorkbook wb, SheetStyles s, ReportLabels l, Timestamp from, Timestamp to) {
        SXSSFSheet sheet = wb.createSheet(l.get("sheet.sessions"));
        String[] headers = {l.get("id"), l.get("provider"), l.get("account"), l.get("product"), l.get("scene"),
                l.get("merchantBizId"), l.get("providerRef"), l.get("createdAt"), l.get("state"), l.get("resultCode"),
                l.get("subCode"), l.get("name"), l.get("idNumber"), l.get("deadline")};
        header(sheet.createRow(0), s, headers);
        sheet.createFreezePane(0, 1);
        int[] rowNo = {1};
        jdbc.query(con -> {
            var ps = con.prepareStatement(SESSIONS_OF_DAY);
            ps.setFetchSize(2_000);
            ps.setTimestamp(1, from);
            ps.setTimestamp(2, to);
            return ps;
        }, rs -> {
            Row row = sheet.createRow(rowNo[0]++);
            number(row, 0, rs.getLong(1), s);
            for (int c = 2; c <= 7; c++) {
                text(row, c - 1, rs.getString(c));
            }
            dateTime(row, 7, rs.getTimestamp(8), s);
            for (int c = 9; c <= 13; c++) {
                text(row, c - 1, rs.getString(c));
            }
            dateTime(row, 13, rs.getTimestamp(14), s);
        });
        sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, rowNo[0] - 1), 0, headers.length - 1));
        int[] widths = {10, 18, 12, 14, 14, 22, 36, 20, 20, 12, 12, 12, 22, 20};
        for (int c = 0; c < widths.length; c++) {
            sheet.setColumnWidth(c, widths[c] * 256);
        }
    }

    private static void header(Row row, SheetStyles s, String... labels) {
        for (int c = 0; c < labels.length; c++) {
            text(row, c, labels[c]).setCellStyle(s.header);
        }
    }

    private static Cell text(Row row, int c, String value) {
        Cell cell = row.createCell(c);
        if (value != null) {
            cell.setCellValue(value);
        }
        return cell;
    }

    private static void number(Row row, int c, long value, SheetStyles s) {
        Cell cell = row.createCell(c);
        cell.setCellValue(value);
        cell.setCellStyle(s.integer);
    }

    private static void dateTime(Row row, int c, Timestamp ts, SheetStyles s) {
        Cell cell = row.createCell(c);
        if (ts != null) {
            cell.setCellValue(LocalDateTime.ofInstant(ts.toInstant(), BUSINESS_ZONE));
            cell.setCellStyle(s.dateTime);
        }
    }
}
