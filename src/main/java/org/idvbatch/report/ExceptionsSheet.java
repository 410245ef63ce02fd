package org.idvbatch.report;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.idvbatch.reconcile.ReconcileLine;
import org.idvbatch.reconcile.ReconcileStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Exceptions: everything a person must act on, each with the session or statement reference: expired
 * unharvested, at risk, ERROR sessions, missing evidence (streamed from the ledger in one statement), then
 * reconciliation differences and archive check failures.
 */
final class ExceptionsSheet {

    /** Categories and references only: codes, never names, ID numbers or provider messages. */
    static final String SESSION_EXCEPTIONS = """
            SELECT 'EXPIRED_UNHARVESTED' AS category, provider, id, retention_deadline AS at, state AS detail
              FROM verification_session
             WHERE state = 'EXPIRED_UNHARVESTED' AND retention_deadline >= ? AND retention_deadline < ?
            UNION ALL
            SELECT 'AT_RISK', provider, id, retention_deadline, state
              FROM verification_session
             WHERE state IN ('PENDING', 'PROCESSING', 'ERROR') AND retention_deadline > ? AND retention_deadline <= ?
            UNION ALL
            SELECT 'ERROR', provider, id, updated_at, concat_ws(' ', result_code, result_sub_code, failure_reason)
              FROM verification_session WHERE state = 'ERROR' AND created_at < ?
            UNION ALL
            SELECT 'EVIDENCE_MISSING', provider, id, harvested_at, evidence_status
              FROM verification_session WHERE evidence_status = 'MISSING' AND created_at >= ? AND created_at < ?
            UNION ALL
            SELECT 'SESSION_DISCOVERED', provider, id, created_at, state
              FROM verification_session WHERE origin = 'provider-bill' AND created_at >= ? AND created_at < ?
             ORDER BY 1, 4, 3
            """;

    private final ReportLabels labels;

    ExceptionsSheet(ReportLabels labels) {
        this.labels = labels;
    }

    void write(SheetSeries sheet, JdbcTemplate jdbc, ReportPeriod period, Instant now, Duration atRiskMargin,
               List<ReconcileLine> lines, ArchiveCheck check) {
        TableSheet table = TableSheet.start(sheet, 0, List.of(labels.get("category"),
                labels.get("provider"), labels.get("sessionId"), labels.get("reference"), labels.get("at"),
                labels.get("detail")), 22, 18, 12, 50, 20, 60).frozen();
        jdbc.query(SESSION_EXCEPTIONS, rs -> {
            table.line().text(labels.get("exception." + rs.getString(1))).text(rs.getString(2)).integer(rs.getLong(3))
                    .text(null).dateTime(rs.getTimestamp(4)).text(rs.getString(5));
        }, period.from(), period.to(), Timestamp.from(now), Timestamp.from(now.plus(atRiskMargin)), period.to(),
                period.from(), period.to(), period.from(), period.to());
        for (ReconcileLine l : lines) {
            if (l.status().isFinding()) { // awaiting the provider is no exception
                table.line().text(labels.get("exception.RECONCILE_DIFF")).text(l.provider()).integer((Long) null)
                        .text(l.businessDate() + " " + l.account() + " / " + l.product() + " / " + l.scene() + " / "
                                + l.chargeType())
                        .date(l.businessDate()).text(l.status() + " " + ReconciliationSheet.cause(l));
            }
        }
        for (String finding : check.findings()) {
            table.line().text(labels.get("exception.ARCHIVE_CHECK")).text(null).integer((Long) null).text(finding);
        }
        table.filter();
    }
}
