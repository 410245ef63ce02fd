package org.idvbatch.report;

import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sessions: one row per session created in the period, streamed from a server-side cursor (the caller runs
 * this inside a transaction: PostgreSQL's driver only streams with auto-commit off). Names and ID numbers
 * appear only as the ledger's masks (ID-number-shaped text in merchant fields is masked too); their HMACs
 * never leave the database.
 */
final class SessionsSheet {

    static final String SESSIONS_OF_PERIOD = """
            SELECT id, provider, account, product, scene, merchant_biz_id, provider_ref, created_at, state,
                   result_code, result_sub_code, failure_reason, name_mask, id_number_mask, retention_deadline,
                   harvested_at, evidence_status
              FROM verification_session WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id
            """;
    static final int FETCH_SIZE = 2_000;

    private final ReportLabels labels;
    private final SheetStyles styles;

    SessionsSheet(ReportLabels labels, SheetStyles styles) {
        this.labels = labels;
        this.styles = styles;
    }

    /** @return rows written */
    long write(Sheet sheet, JdbcTemplate jdbc, ReportPeriod period) {
        TableSheet table = TableSheet.start(sheet, styles, 0, List.of(labels.get("sessionId"),
                labels.get("provider"), labels.get("account"), labels.get("product"), labels.get("scene"),
                labels.get("merchantBizId"), labels.get("providerRef"), labels.get("createdAt"), labels.get("state"),
                labels.get("resultCode"), labels.get("subCode"), labels.get("failureReason"), labels.get("name"),
                labels.get("idNumber"), labels.get("deadline"), labels.get("harvestedAt"),
                labels.get("evidenceStatus")),
                10, 18, 12, 14, 14, 22, 36, 20, 20, 12, 12, 16, 12, 22, 20, 20, 12).frozen();
        long[] rows = {0};
        jdbc.query(con -> {
            var ps = con.prepareStatement(SESSIONS_OF_PERIOD);
            ps.setFetchSize(FETCH_SIZE);
            ps.setTimestamp(1, period.from());
            ps.setTimestamp(2, period.to());
            return ps;
        }, rs -> {
            table.line().integer(rs.getLong(1)).text(rs.getString(2)).text(rs.getString(3)).text(rs.getString(4))
                    .text(rs.getString(5)).text(FreeTextMask.idNumbers(rs.getString(6)))
                    .text(FreeTextMask.idNumbers(rs.getString(7))).dateTime(rs.getTimestamp(8))
                    .text(rs.getString(9)).text(rs.getString(10)).text(rs.getString(11)).text(rs.getString(12))
                    .text(rs.getString(13)).text(rs.getString(14)).dateTime(rs.getTimestamp(15))
                    .dateTime(rs.getTimestamp(16)).text(rs.getString(17));
            rows[0]++;
        });
        table.filter();
        return rows[0];
    }
}
