package org.idvbatch.report;

import java.sql.Date;
import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Differing calls: the day's attempts whose call-level verdict is not MATCHED (where the provider's bill lists the
 * calls), from the day's current reconciliation; the Reconciliation sheet's CALLS causes point here. Read row by
 * row from the database; the session reference (a BizToken is a credential for its result) shows its first 8
 * characters only.
 */
final class DifferingCallsSheet {

    static final String DIFFERING_CALLS = """
            SELECT c.business_date, c.provider, c.account, c.scene, c.charge_type, c.session_id, c.provider_ref,
                   c.call_ref, c.ledger_billable, c.provider_billable, c.outcome
              FROM reconcile_call c
              JOIN reconcile_day d ON d.run_id = c.run_id AND d.business_date = c.business_date
             WHERE c.business_date = ? AND c.outcome <> 'MATCHED'
               AND d.version = (SELECT max(version) FROM reconcile_day WHERE business_date = ?)
             ORDER BY c.provider, c.outcome, c.provider_ref, c.call_ref
            """;

    private final ReportLabels labels;
    private final SheetStyles styles;

    DifferingCallsSheet(ReportLabels labels, SheetStyles styles) {
        this.labels = labels;
        this.styles = styles;
    }

    void write(Sheet sheet, JdbcTemplate jdbc, java.time.LocalDate day) {
        TableSheet table = TableSheet.start(sheet, styles, 0, List.of(labels.get("date"), labels.get("provider"),
                labels.get("account"), labels.get("scene"), labels.get("chargeType"), labels.get("sessionId"),
                labels.get("providerRef"), labels.get("attempt"), labels.get("ledgerSide"),
                labels.get("providerSide"), labels.get("outcome")),
                12, 16, 12, 12, 12, 12, 16, 16, 12, 12, 24).frozen();
        jdbc.query(DIFFERING_CALLS, rs -> {
            table.line().date(rs.getDate(1).toLocalDate()).text(rs.getString(2)).text(rs.getString(3))
                    .text(rs.getString(4)).text(rs.getString(5)).integer((Long) rs.getObject(6))
                    .text(masked(rs.getString(7))).text(rs.getString(8)).text(side((Boolean) rs.getObject(9)))
                    .text(side((Boolean) rs.getObject(10))).text(labels.get("outcome." + rs.getString(11)));
        }, Date.valueOf(day), Date.valueOf(day));
        table.filter();
    }

    private String side(Boolean billable) {
        return labels.get(billable == null ? "call.absent" : billable ? "call.billed" : "call.notBilled");
    }

    static String masked(String ref) {
        return ref == null || ref.length() <= 8 ? ref : ref.substring(0, 8) + "…";
    }
}
