package org.idvbatch.report;

import org.idvbatch.progress.ProgressListener;
import org.idvbatch.identity.FreeTextMask;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sessions: one row per session created in the period, read from a server-side cursor on a second thread
 * while this one writes cells ({@link StreamedRows}). Names and ID numbers
 * appear only as the ledger's masks (ID-number-shaped text in merchant fields is masked too); their HMACs
 * never leave the database. A day with more sessions than a sheet holds continues on numbered sheets; above
 * {@code idv.reports.sessions-csv-above} the same rows go to a CSV file instead ({@link SessionsCsv}), through the
 * same {@link #COLUMNS} and {@link #shown}.
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

    /** What a column holds: how the sheet types its cells and the CSV writes its fields. */
    enum Kind { INTEGER, TEXT, DATE_TIME }

    /** One column: its header's label, its width in characters, its kind. */
    record Column(String label, int width, Kind kind) {
    }

    /** The columns, one per value of {@link #SESSIONS_OF_PERIOD}, in its order. */
    static final List<Column> COLUMNS = List.of(new Column("sessionId", 10, Kind.INTEGER),
            new Column("provider", 18, Kind.TEXT), new Column("account", 12, Kind.TEXT),
            new Column("product", 14, Kind.TEXT), new Column("scene", 14, Kind.TEXT),
            new Column("merchantBizId", 22, Kind.TEXT), new Column("providerRef", 36, Kind.TEXT),
            new Column("createdAt", 20, Kind.DATE_TIME), new Column("state", 20, Kind.TEXT),
            new Column("resultCode", 12, Kind.TEXT), new Column("subCode", 12, Kind.TEXT),
            new Column("failureReason", 16, Kind.TEXT), new Column("name", 12, Kind.TEXT),
            new Column("idNumber", 22, Kind.TEXT), new Column("deadline", 20, Kind.DATE_TIME),
            new Column("harvestedAt", 20, Kind.DATE_TIME), new Column("evidenceStatus", 12, Kind.TEXT));
    private static final Kind[] KINDS = COLUMNS.stream().map(Column::kind).toArray(Kind[]::new);
    /** The merchant's own fields, where a merchant may have typed an ID number. */
    private static final int MERCHANT_BIZ_ID = 5;
    private static final int PROVIDER_REF = 6;

    private final ReportLabels labels;

    SessionsSheet(ReportLabels labels) {
        this.labels = labels;
    }

    /** The headers, in the report's language. */
    static List<String> headers(ReportLabels labels) {
        return COLUMNS.stream().map(c -> labels.get(c.label())).toList();
    }

    /** A row of {@link #SESSIONS_OF_PERIOD} as it may be shown: ID-number-shaped merchant text masked (in place). */
    static Object[] shown(Object[] row) {
        row[MERCHANT_BIZ_ID] = FreeTextMask.idNumbers((String) row[MERCHANT_BIZ_ID]);
        row[PROVIDER_REF] = FreeTextMask.idNumbers((String) row[PROVIDER_REF]);
        return row;
    }

    /** @return rows written */
    long write(SheetSeries sheet, JdbcTemplate jdbc, TransactionTemplate readOnly, ReportPeriod period) {
        return write(sheet, jdbc, readOnly, period, ProgressListener.NONE);
    }

    /** As {@link #write(SheetSeries, JdbcTemplate, TransactionTemplate, ReportPeriod)}, telling {@code progress}. */
    long write(SheetSeries sheet, JdbcTemplate jdbc, TransactionTemplate readOnly, ReportPeriod period,
               ProgressListener progress) {
        long[] told = {0};
        TableSheet table = TableSheet.start(sheet, 0, headers(labels),
                COLUMNS.stream().mapToInt(Column::width).toArray()).frozen();
        long rows = StreamedRows.forEach(jdbc, readOnly, SESSIONS_OF_PERIOD, period.from(), period.to(), v -> {
                shown(v);
                TableSheet.Line line = table.line();
                for (int c = 0; c < v.length; c++) {
                    switch (KINDS[c]) {
                        case INTEGER -> line.integer((Long) v[c]);
                        case TEXT -> line.text((String) v[c]);
                        case DATE_TIME -> line.dateTime((Timestamp) v[c]);
                    }
                }
                if (++told[0] % PROGRESS_EVERY == 0) {
                    progress.advancedBy(PROGRESS_EVERY);
                }
            });
        progress.advancedBy(told[0] % PROGRESS_EVERY);
        table.filter();
        return rows;
    }
}
