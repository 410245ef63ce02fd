package org.idvbatch.report;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Archive: one row per evidence object captured in the period, live or purged. Object keys carry no personal
 * data (provider/date/session id/type); wrapped keys and hashes stay in the database.
 */
final class ArchiveSheet {

    static final String OBJECTS_OF_PERIOD = """
            SELECT id, session_id, provider, product, evidence_type, seq, object_key, ciphertext_size, kek_id,
                   captured_at, created_at, retain_until, purged_at
              FROM evidence_archive WHERE captured_at >= ? AND captured_at < ? ORDER BY captured_at, id
            """;

    private final ReportLabels labels;

    ArchiveSheet(ReportLabels labels) {
        this.labels = labels;
    }

    void write(SheetSeries sheet, JdbcTemplate jdbc, ReportPeriod period) {
        TableSheet table = TableSheet.start(sheet, 0, List.of(labels.get("objectId"),
                labels.get("sessionId"), labels.get("provider"), labels.get("product"), labels.get("evidenceType"),
                labels.get("seq"), labels.get("objectKey"), labels.get("size"), labels.get("kek"),
                labels.get("capturedAt"), labels.get("archivedAt"), labels.get("retainUntil"),
                labels.get("purgedAt")), 10, 10, 18, 14, 22, 6, 60, 12, 22, 20, 20, 20, 20).frozen();
        jdbc.query(con -> {
            var ps = con.prepareStatement(OBJECTS_OF_PERIOD);
            ps.setFetchSize(SessionsSheet.FETCH_SIZE);
            ps.setTimestamp(1, period.from());
            ps.setTimestamp(2, period.to());
            return ps;
        }, rs -> {
            table.line().integer(rs.getLong(1)).integer(rs.getLong(2)).text(rs.getString(3)).text(rs.getString(4))
                    .text(rs.getString(5)).integer(rs.getLong(6)).text(rs.getString(7)).integer(rs.getLong(8))
                    .text(rs.getString(9)).dateTime(rs.getTimestamp(10)).dateTime(rs.getTimestamp(11))
                    .dateTime(rs.getTimestamp(12)).dateTime(rs.getTimestamp(13));
        });
        table.filter();
    }
}
