package org.idvbatch.report;

import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Sheet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Compliance (monthly workbook), four tables one under the other: live evidence objects by provider and
 * remaining retention at month end, evidence purged in the month, evidence exports and key rotations (who,
 * when, why), key-encryption keys in use. The first table carries the sheet's autofilter.
 */
final class ComplianceSheet {

    static final String OBJECTS_BY_BUCKET = """
            SELECT provider, CASE WHEN retain_until <= ?::timestamptz + interval '30 days' THEN 0
                                  WHEN retain_until <= ?::timestamptz + interval '90 days' THEN 1
                                  WHEN retain_until <= ?::timestamptz + interval '365 days' THEN 2 ELSE 3 END,
                   count(*), count(DISTINCT session_id), sum(ciphertext_size)
              FROM evidence_archive WHERE purged_at IS NULL AND created_at < ?
             GROUP BY 1, 2 ORDER BY 1, 2
            """;
    static final String PURGED = """
            SELECT provider, count(*), count(DISTINCT session_id) FROM evidence_archive
             WHERE purged_at >= ? AND purged_at < ? GROUP BY provider ORDER BY provider
            """;
    static final String EXPORTS = """
            SELECT at, action, actor, reason, session_id, object_count FROM evidence_audit
             WHERE action IN ('EXPORT', 'KEY_ROTATE') AND at >= ? AND at < ? ORDER BY at, id
            """;
    static final String KEYS = """
            SELECT kek_id, count(*), min(captured_at), max(captured_at) FROM evidence_archive
             WHERE purged_at IS NULL GROUP BY kek_id ORDER BY kek_id
            """;

    private final ReportLabels labels;
    private final SheetStyles styles;

    ComplianceSheet(ReportLabels labels, SheetStyles styles) {
        this.labels = labels;
        this.styles = styles;
    }

    void write(Sheet sheet, JdbcTemplate jdbc, ReportPeriod month) {
        var to = month.to();
        section(sheet, 0, "compliance.objects");
        TableSheet objects = TableSheet.start(sheet, styles, 1, List.of(labels.get("provider"), labels.get("bucket"),
                labels.get("objects"), labels.get("sessions"), labels.get("bytes")), 20, 30, 12, 12, 20, 50).frozen();
        jdbc.query(OBJECTS_BY_BUCKET, rs -> {
            objects.line().text(rs.getString(1)).text(labels.get("bucket." + rs.getInt(2))).integer(rs.getLong(3))
                    .integer(rs.getLong(4)).integer(rs.getLong(5));
        }, to, to, to, to);
        objects.filter();

        int at = objects.end() + 1;
        section(sheet, at, "compliance.purged");
        TableSheet purged = TableSheet.start(sheet, styles, at + 1, List.of(labels.get("provider"),
                labels.get("objects"), labels.get("sessions")));
        jdbc.query(PURGED, rs -> {
            purged.line().text(rs.getString(1)).integer(rs.getLong(2)).integer(rs.getLong(3));
        }, month.from(), to);

        at = purged.end() + 1;
        section(sheet, at, "compliance.exports");
        TableSheet exports = TableSheet.start(sheet, styles, at + 1, List.of(labels.get("at"), labels.get("action"),
                labels.get("actor"), labels.get("reason"), labels.get("sessionId"), labels.get("objects")));
        jdbc.query(EXPORTS, rs -> {
            exports.line().dateTime(rs.getTimestamp(1)).text(rs.getString(2)).text(rs.getString(3))
                    .text(rs.getString(4)).integer(rs.getObject(5) == null ? null : rs.getLong(5))
                    .integer(rs.getLong(6));
        }, month.from(), to);

        at = exports.end() + 1;
        section(sheet, at, "compliance.keys");
        TableSheet keys = TableSheet.start(sheet, styles, at + 1, List.of(labels.get("kek"), labels.get("objects"),
                labels.get("firstCaptured"), labels.get("lastCaptured")));
        jdbc.query(KEYS, rs -> {
            keys.line().text(rs.getString(1)).integer(rs.getLong(2)).dateTime(rs.getTimestamp(3))
                    .dateTime(rs.getTimestamp(4));
        });
    }

    private void section(Sheet sheet, int row, String key) {
        Cell cell = sheet.createRow(row).createCell(0);
        cell.setCellValue(labels.get(key));
        cell.setCellStyle(styles.section);
    }
}
