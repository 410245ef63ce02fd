package org.idvbatch.report;

import java.sql.Timestamp;
import java.util.List;
import org.idvbatch.time.BusinessDay;
import org.apache.poi.ss.usermodel.Cell;
import org.idvbatch.copydeletion.DeletionBacklog;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Compliance (monthly workbook), four tables one under the other: live evidence objects by provider and
 * remaining retention at month end, evidence purged in the month, evidence exports and key rotations (who,
 * when, why), key-encryption keys in use; then the records of processing of issue #17: provider copies deleted,
 * refused or not deletable in the month, erasures in the month, the legal holds in force, and the retention each
 * provider and product is kept with (the provider's, and the archive's as applied). The first table carries the
 * sheet's autofilter; with no object to count it says so in a line, naming the instant its objects were archived
 * before (a month-to-date workbook written the night after its last day counts none of that day's). After the
 * month's copies, the deletion backlog as the workbook is written (issue #28): per provider account the sessions
 * still due for deletion, the oldest's harvest, the nights' pace and inflow, and the business day it clears
 * ({@link org.idvbatch.copydeletion.DeletionBacklog}).
 */
final class ComplianceSheet {

    /**
     * Objects archived before the month's end (first day after it, D) and still kept as the workbook is written, by
     * provider and their retain-until counted from the month's end: within 30, 90, 365 days, later. Read from the
     * tally the database keeps (migration V111): "retain_until <= end + N days" is exactly "retain_day < D + N",
     * "created_at < end" is "created_day < D". Sessions: summed over the tally's days, see V111.
     */
    static final String OBJECTS_BY_BUCKET = """
            SELECT provider, CASE WHEN retain_day < ?::date + 30 THEN 0
                                  WHEN retain_day < ?::date + 90 THEN 1
                                  WHEN retain_day < ?::date + 365 THEN 2 ELSE 3 END,
                   sum(objects), sum(sessions), sum(bytes)
              FROM evidence_kept_tally WHERE objects > 0 AND created_day < ?::date
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
    /**
     * Per key-encryption key, its kept objects and their first and last capture day (Asia/Shanghai), from the tally
     * the database keeps (migration V115): a row per key and capture day, not every kept object of the retention.
     */
    static final String KEYS = """
            SELECT kek_id, sum(objects), min(captured_day), max(captured_day) FROM evidence_key_tally
             GROUP BY kek_id ORDER BY kek_id
            """;

    /** A removed month's figures of the copies ({@code ledger_month_copies}) for the months of [from, to). */
    private static final String ROLLED_UP_COPIES = BusinessDay.sql("""
                SELECT provider, outcome, sum(sessions), sum(calls) FROM ledger_month_copies
                 WHERE business_date >= (?::timestamptz AT TIME ZONE {business_zone})::date
                   AND business_date < (?::timestamptz AT TIME ZONE {business_zone})::date
            """);

    /**
     * Receipts of the month per provider and outcome (sessions, calls): the live ledger's sessions (created from
     * LedgerMonths.liveFrom on), and the removed months' roll-up.
     */
    static final String PROVIDER_COPIES = """
            SELECT provider, outcome, sum(sessions), sum(calls) FROM (
                SELECT provider, outcome, count(DISTINCT session_id) AS sessions, count(*) AS calls FROM provider_deletion
                 WHERE requested_at >= ? AND requested_at < ?
                   AND EXISTS (SELECT 1 FROM verification_session s WHERE s.id = session_id AND s.created_at >= ?)
                 GROUP BY 1, 2
                UNION ALL
                """ + ROLLED_UP_COPIES + """
                   AND outcome <> 'NOT_DELETED' GROUP BY 1, 2) f
             GROUP BY 1, 2 ORDER BY 1, 2
            """;
    /** Sessions harvested in the month whose provider copy has no receipt: no deletion API, or not (yet) due. */
    static final String NOT_DELETED = """
            SELECT provider, outcome, sum(sessions), sum(calls) FROM (
                SELECT s.provider, 'NOT_DELETED' AS outcome, count(*) AS sessions, 0 AS calls FROM verification_session s
                 WHERE s.harvested_at >= ? AND s.harvested_at < ? AND s.copy_settled_at IS NULL AND s.created_at >= ?
                   AND NOT EXISTS (SELECT 1 FROM provider_deletion d WHERE d.session_id = s.id)
                 GROUP BY 1
                UNION ALL
                """ + ROLLED_UP_COPIES + """
                   AND outcome = 'NOT_DELETED' GROUP BY 1, 2) f
             GROUP BY 1, 2 ORDER BY 1, 2
            """;
    static final String ERASURES = """
            SELECT min(at), actor, reason, subject, count(*) FROM operator_action
             WHERE action = 'ERASE' AND at >= ? AND at < ? GROUP BY actor, reason, subject, date_trunc('minute', at)
             ORDER BY 1
            """;
    /** The nightly audit-verify runs of the month (the audit-digest stage): the month's proof of its audit trail. */
    static final String AUDIT_TRAIL = """
            SELECT at, business_date, since_digest, rows_checked, breaks, first_break FROM audit_verification
             WHERE at >= ? AND at < ? ORDER BY id
            """;
    static final String HOLDS = """
            SELECT h.placed_at, h.placed_by, h.reason, h.session_id, s.provider FROM legal_hold h
              JOIN verification_session s ON s.id = h.session_id ORDER BY h.placed_at, h.session_id
            """;
    /** The provider's retention (configured) and the archive's as applied to the month's objects. */
    static final String RETENTION = """
            SELECT provider, '*', 'provider', retention::text, NULL FROM provider_retention_policy
            UNION ALL
            SELECT provider, product, 'archive', age(retain_until AT TIME ZONE 'Asia/Shanghai',
                   captured_at AT TIME ZONE 'Asia/Shanghai')::text, count(*)
              FROM evidence_archive WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2, 3, 4
             ORDER BY 1, 2, 3
            """;

    /** The unconfirmed deletions listed at most (the oldest); the count above the list gives them all. */
    static final int UNCONFIRMED_LISTED = 1000;

    /**
     * The confirmation of the providers' deletions as the workbook is written (issue #30): per provider the
     * deletions requested (awaiting a confirming read), confirmed and unconfirmed, and the oldest unconfirmed ones,
     * each named by session, provider, account and masked provider reference.
     */
    record Confirmation(List<org.idvbatch.copydeletion.DeletionConfirmation.Counts> counts,
                        List<org.idvbatch.copydeletion.DeletionConfirmation.Unconfirmed> unconfirmed, long total,
                        java.time.Duration within) {
    }

    private final ReportLabels labels;
    private final SheetStyles styles;

    ComplianceSheet(ReportLabels labels, SheetStyles styles) {
        this.labels = labels;
        this.styles = styles;
    }

    /** @param live sessions created before it are rolled up (LedgerMonths.liveFrom) */
    void write(SheetSeries sheet, JdbcTemplate jdbc, ReportPeriod month, Timestamp live,
               List<DeletionBacklog.Account> backlog, java.time.Instant now, Confirmation confirmation) {
        var to = month.to();
        java.time.LocalDate end = month.last().plusDays(1);
        section(sheet, 0, "compliance.objects");
        TableSheet objects = TableSheet.start(sheet, 1, List.of(labels.get("provider"), labels.get("bucket"),
                labels.get("objects"), labels.get("sessions"), labels.get("bytes")), 20, 30, 12, 12, 20, 50).frozen();
        jdbc.query(OBJECTS_BY_BUCKET, rs -> {
            objects.line().text(rs.getString(1)).text(labels.get("bucket." + rs.getInt(2))).integer(rs.getLong(3))
                    .integer(rs.getLong(4)).integer(rs.getLong(5));
        }, end, end, end, end);
        if (objects.isEmpty()) { // a blank table read as a missing one: it says why it has no line
            objects.line().text(labels.get("compliance.objects.none").replace("{end}", end + " 00:00"));
        }
        objects.filter();

        int at = section(sheet, objects.end() + 1, "compliance.purged");
        TableSheet purged = TableSheet.start(sheet, at + 1, List.of(labels.get("provider"),
                labels.get("objects"), labels.get("sessions")));
        jdbc.query(PURGED, rs -> {
            purged.line().text(rs.getString(1)).integer(rs.getLong(2)).integer(rs.getLong(3));
        }, month.from(), to);

        at = section(sheet, purged.end() + 1, "compliance.exports");
        TableSheet exports = TableSheet.start(sheet, at + 1, List.of(labels.get("at"), labels.get("action"),
                labels.get("actor"), labels.get("reason"), labels.get("sessionId"), labels.get("objects")));
        jdbc.query(EXPORTS, rs -> {
            exports.line().dateTime(rs.getTimestamp(1)).text(rs.getString(2)).text(rs.getString(3))
                    .text(rs.getString(4)).integer(rs.getObject(5) == null ? null : rs.getLong(5))
                    .integer(rs.getLong(6));
        }, month.from(), to);

        at = section(sheet, exports.end() + 1, "compliance.keys");
        TableSheet keys = TableSheet.start(sheet, at + 1, List.of(labels.get("kek"), labels.get("objects"),
                labels.get("firstCaptured"), labels.get("lastCaptured")));
        jdbc.query(KEYS, rs -> {
            keys.line().text(rs.getString(1)).integer(rs.getLong(2)).date(rs.getDate(3).toLocalDate())
                    .date(rs.getDate(4).toLocalDate());
        });
        writeRecordsOfProcessing(sheet, jdbc, month, live, keys.end() + 1, backlog, now, confirmation);
    }

    private void writeRecordsOfProcessing(SheetSeries sheet, JdbcTemplate jdbc, ReportPeriod month, Timestamp live,
                                          int at, List<DeletionBacklog.Account> backlog, java.time.Instant now,
                                          Confirmation confirmation) {
        var to = month.to();
        at = section(sheet, at, "compliance.copies");
        TableSheet copies = TableSheet.start(sheet, at + 1, List.of(labels.get("provider"),
                labels.get("copyOutcome"), labels.get("sessions"), labels.get("calls")));
        for (String sql : List.of(PROVIDER_COPIES, NOT_DELETED)) {
            jdbc.query(sql, rs -> {
                copies.line().text(rs.getString(1)).text(rs.getString(2)).integer(rs.getLong(3)).integer(rs.getLong(4));
            }, month.from(), to, live, month.from(), to);
        }

        at = section(sheet, copies.end() + 1, "compliance.backlog");
        sheet.current().getRow(at).getCell(0).setCellValue(labels.get("compliance.backlog") + " "
                + java.time.LocalDateTime.ofInstant(now, org.idvbatch.time.BusinessDay.ZONE).withNano(0)
                .toString().replace('T', ' '));
        TableSheet due = TableSheet.start(sheet, at + 1, List.of(labels.get("provider"), labels.get("account"),
                labels.get("sessions"), labels.get("backlog.oldest"), labels.get("backlog.inflow"),
                labels.get("backlog.capacity"), labels.get("backlog.clears")), 20, 12, 12, TableSheet.DATE_TIME_WIDTH,
                12, 12, 20); // "Clears on (Asia/Shanghai)" in two lines
        for (DeletionBacklog.Account a : backlog) {
            TableSheet.Line line = due.line().text(a.provider()).text(a.account()).integer(a.sessions())
                    .dateTime(a.oldestDue()).decimal(a.inflowPerDay()).integer(a.nightCapacity());
            if (a.clear()) {
                line.text(labels.get("backlog.clear"));
            } else if (a.neverClears()) {
                line.text(labels.get("backlog.never"));
            } else {
                line.date(a.clearsOn().date());
            }
        }

        int end = writeConfirmation(sheet, due.end() + 1, confirmation, now);

        at = section(sheet, end, "compliance.erasures");
        TableSheet erasures = TableSheet.start(sheet, at + 1, List.of(labels.get("at"), labels.get("actor"),
                labels.get("reason"), labels.get("subject"), labels.get("sessions")));
        jdbc.query(ERASURES, rs -> {
            erasures.line().dateTime(rs.getTimestamp(1)).text(rs.getString(2)).text(rs.getString(3))
                    .text(rs.getString(4)).integer(rs.getLong(5));
        }, month.from(), to);

        at = section(sheet, erasures.end() + 1, "compliance.holds");
        TableSheet holds = TableSheet.start(sheet, at + 1, List.of(labels.get("at"), labels.get("actor"),
                labels.get("reason"), labels.get("sessionId"), labels.get("provider")));
        jdbc.query(HOLDS, rs -> {
            holds.line().dateTime(rs.getTimestamp(1)).text(rs.getString(2)).text(rs.getString(3))
                    .integer(rs.getLong(4)).text(rs.getString(5));
        });

        at = section(sheet, holds.end() + 1, "compliance.retention");
        TableSheet retention = TableSheet.start(sheet, at + 1, List.of(labels.get("provider"),
                labels.get("product"), labels.get("kept"), labels.get("retention"), labels.get("objects")));
        jdbc.query(RETENTION, rs -> {
            retention.line().text(rs.getString(1)).text(rs.getString(2)).text(labels.get("kept." + rs.getString(3)))
                    .text(rs.getString(4)).integer(rs.getObject(5) == null ? null : rs.getLong(5));
        }, month.from(), to);

        // only in a month the nightly checked the trail: a month before the audit-digest stage existed shows none
        List<Object[]> checks = jdbc.query(AUDIT_TRAIL, (rs, i) -> new Object[] {rs.getTimestamp(1),
                rs.getDate(2).toLocalDate(), rs.getDate(3), rs.getLong(4), rs.getLong(5), rs.getString(6)},
                month.from(), to);
        if (!checks.isEmpty()) {
            at = section(sheet, retention.end() + 1, "compliance.auditTrail");
            TableSheet trail = TableSheet.start(sheet, at + 1, List.of(labels.get("at"), labels.get("date"),
                    labels.get("audit.since"), labels.get("audit.rows"), labels.get("audit.breaks"),
                    labels.get("audit.firstBreak")));
            for (Object[] c : checks) {
                trail.line().dateTime((Timestamp) c[0]).date((java.time.LocalDate) c[1])
                        .text(c[2] == null ? labels.get("audit.anchors") : c[2].toString())
                        .integer((Long) c[3]).integer((Long) c[4]).text((String) c[5]);
            }
        }
    }

    /**
     * The deletions' confirmation, once there is any: per provider requested, confirmed and unconfirmed (providers
     * with none of them left out); then, when there are any, each unconfirmed deletion as an exception (session, provider, account, the provider reference masked, when it was requested, by when it
     * was to be confirmed, the last read that still returned the data). Returns the row after it.
     */
    private int writeConfirmation(SheetSeries sheet, int row, Confirmation confirmation, java.time.Instant now) {
        if (confirmation.counts().stream().allMatch(c -> c.requested() + c.confirmed() + c.unconfirmed() == 0)) {
            return row; // no deletion was ever answered "deleted" since V112: nothing to confirm, no section
        }
        int at = section(sheet, row, "compliance.confirmation");
        sheet.current().getRow(at).getCell(0).setCellValue(labels.get("compliance.confirmation") + " "
                + java.time.LocalDateTime.ofInstant(now, org.idvbatch.time.BusinessDay.ZONE).withNano(0)
                .toString().replace('T', ' '));
        TableSheet counts = TableSheet.start(sheet, at + 1, List.of(labels.get("provider"),
                labels.get("confirm.requested"), labels.get("confirm.confirmed"), labels.get("confirm.unconfirmed")));
        for (var c : confirmation.counts()) { // a provider with nothing requested or confirmed yet takes no line
            if (c.requested() + c.confirmed() + c.unconfirmed() > 0) {
                counts.line().text(c.provider()).integer(c.requested()).integer(c.confirmed())
                        .integer(c.unconfirmed());
            }
        }
        if (confirmation.unconfirmed().isEmpty()) { // no exception: the counts say 0, no empty table under them
            return counts.end() + 1;
        }
        at = section(sheet, counts.end() + 1, "compliance.unconfirmed");
        sheet.current().getRow(at).getCell(0).setCellValue(labels.get("compliance.unconfirmed").replace("{within}",
                org.idvbatch.copydeletion.DeletionConfirmation.shown(confirmation.within()))
                + (confirmation.total() > confirmation.unconfirmed().size() ? " (" + confirmation.unconfirmed().size()
                + " / " + confirmation.total() + ")" : ""));
        TableSheet list = TableSheet.start(sheet, at + 1, List.of(labels.get("sessionId"), labels.get("provider"),
                labels.get("account"), labels.get("reference"), labels.get("confirm.requestedAt"),
                labels.get("confirm.due"), labels.get("confirm.lastRead"), labels.get("confirm.lastCode")));
        for (var u : confirmation.unconfirmed()) {
            list.line().integer(u.sessionId()).text(u.provider()).text(u.account()).text(u.reference())
                    .dateTime(u.requestedAt()).dateTime(u.due()).dateTime(u.lastReadAt())
                    .text(u.lastReadAt() == null ? labels.get("confirm.noRead") : u.lastCode());
        }
        return list.end() + 1;
    }

    /**
     * A section's title at {@code row}, or at the top of the next numbered sheet when it, a header and a line no
     * longer fit on this one; returns the row it went to, on the series' current sheet.
     */
    private int section(SheetSeries sheet, int row, String key) {
        int at = sheet.rowFor(row, 3);
        Cell cell = sheet.current().createRow(at).createCell(0);
        cell.setCellValue(labels.get(key));
        cell.setCellStyle(styles.section);
        return at;
    }
}
