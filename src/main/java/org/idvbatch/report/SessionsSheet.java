package org.idvbatch.report;

import org.idvbatch.progress.ProgressListener;
import org.idvbatch.identity.FreeTextMask;
import java.sql.Timestamp;
import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sessions: one row per session created in the period, read from a server-side cursor on a second thread
 * while this one writes cells ({@link StreamedRows}). Names and ID numbers
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
    static final int FETCH_SIZE = 1_000;
    private static final int PROGRESS_EVERY = 1_024;

    private final ReportLabels labels;
    private final SheetStyles styles;

    SessionsSheet(ReportLabels labels, SheetStyles styles) {
        this.labels = labels;
        this.styles = styles;
    }

    /** @return rows written */
    long write(Sheet sheet, JdbcTemplate jdbc, TransactionTemplate readOnly, ReportPeriod period) {
        return write(sheet, jdbc, readOnly, period, ProgressListener.NONE);
    }

    /** As {@link #write(Sheet, JdbcTemplate, TransactionTemplate, ReportPeriod)}, telling {@code progress} of rows. */
    long write(Sheet sheet, JdbcTemplate jdbc, TransactionTemplate readOnly, ReportPeriod period,
               ProgressListener progress) {
        long[] told = {0};
        TableSheet table = TableSheet.start(sheet, styles, 0, List.of(labels.get("sessionId"),
                labels.get("provider"), labels.get("account"), labels.get("product"), labels.get("scene"),
                labels.get("merchantBizId"), labels.get("providerRef"), labels.get("createdAt"), labels.get("state"),
                labels.get("resultCode"), labels.get("subCode"), labels.get("failureReason"), labels.get("name"),
                labels.get("idNumber"), labels.get("deadline"), labels.get("harvestedAt"),
                labels.get("evidenceStatus")),
                10, 18, 12, 14, 14, 22, 36, 20, 20, 12, 12, 16, 12, 22, 20, 20, 12).frozen();
        long rows = StreamedRows.forEach(jdbc, readOnly, SESSIONS_OF_PERIOD, period.from(), period.to(), v -> {
                table.line().integer((Long) v[0]).text((String) v[1]).text((String) v[2]).text((String) v[3])
                        .text((String) v[4]).text(FreeTextMask.idNumbers((String) v[5]))
                        .text(FreeTextMask.idNumbers((String) v[6])).dateTime((Timestamp) v[7]).text((String) v[8])
                        .text((String) v[9]).text((String) v[10]).text((String) v[11]).text((String) v[12])
                        .text((String) v[13]).dateTime((Timestamp) v[14]).dateTime((Timestamp) v[15])
                        .text((String) v[16]);
                if (++told[0] % PROGRESS_EVERY == 0) {
                    progress.advancedBy(PROGRESS_EVERY);
                }
            });
        progress.advancedBy(told[0] % PROGRESS_EVERY);
        table.filter();
        return rows;
    }
}
