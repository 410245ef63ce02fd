package org.idvbatch.reconcile;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Reads stored reconciliation results: a run's lines, a day's current lines, month-to-date roll-ups. */
@Service
public class ReconcileResults {

    private static final String COLUMNS = """
            business_date, version, provider, account, product, scene, charge_type, ledger_calls, provider_calls,
            ledger_amount, provider_amount, status, causes, cause_detail,
            (SELECT CASE WHEN f.origin = 'file' THEN f.file_name ELSE f.origin END || ' v' || f.version
               FROM statement_file f WHERE f.id = statement_file_id) AS statement""";
    private static final String ORDER = " ORDER BY business_date, provider, account, product, scene, charge_type";
    static final String MONTH_TO_DATE = """
            SELECT provider, account, product, scene, charge_type, sum(ledger_calls),
                   coalesce(sum(provider_calls), 0), coalesce(sum(ledger_amount), 0.00),
                   coalesce(sum(provider_amount), 0.00), count(*), count(*) FILTER (WHERE status NOT IN ('MATCHED', 'AWAITING_PROVIDER'))
              FROM reconcile_result_current
             WHERE business_date >= date_trunc('month', :day::date)::date AND business_date <= :day::date
             GROUP BY provider, account, product, scene, charge_type
             ORDER BY provider, account, product, scene, charge_type""";

    private final JdbcClient jdbc;

    ReconcileResults(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One attempt's verdict, where the provider listed the calls. */
    public record CallVerdict(LocalDate businessDate, String provider, String account, String scene, String chargeType,
                              String providerRef, String callRef, Long sessionId, Boolean ledgerBillable,
                              Boolean providerBillable, String outcome) {

        /** The session reference as people see it: a BizToken is a credential for the result, so 8 characters. */
        public String maskedReference() {
            return providerRef == null || providerRef.length() <= 8 ? providerRef : providerRef.substring(0, 8) + "…";
        }
    }

    private static final String CALLS_OF_DAY = """
            SELECT c.business_date, c.provider, c.account, c.scene, c.charge_type, c.provider_ref, c.call_ref,
                   c.session_id, c.ledger_billable, c.provider_billable, c.outcome
              FROM reconcile_call c
              JOIN reconcile_day d ON d.run_id = c.run_id AND d.business_date = c.business_date
             WHERE c.business_date = :day
               AND d.version = (SELECT max(version) FROM reconcile_day WHERE business_date = :day)
               AND (CAST(:provider AS text) IS NULL OR c.provider = :provider)
               AND (CAST(:outcome AS text) IS NULL OR c.outcome = :outcome)
             ORDER BY c.provider, c.outcome, c.provider_ref, c.call_ref
            """;

    /** How many calls of a day's provider got one verdict, in the day's current version. */
    public record CallTally(String provider, String outcome, long calls) {
    }

    private static final String TALLY_OF_DAY = """
            SELECT t.provider, t.outcome, sum(t.calls)
              FROM reconcile_call_tally t
              JOIN reconcile_day d ON d.run_id = t.run_id AND d.business_date = t.business_date
             WHERE t.business_date = :day
               AND d.version = (SELECT max(version) FROM reconcile_day WHERE business_date = :day)
               AND (CAST(:provider AS text) IS NULL OR t.provider = :provider)
             GROUP BY t.provider, t.outcome
             ORDER BY t.provider, t.outcome
            """;

    /** Every verdict's count for the day (matched ones included), where the provider lists the calls. */
    public List<CallTally> tally(LocalDate day, String provider) {
        return jdbc.sql(TALLY_OF_DAY).param("day", day).param("provider", provider)
                .query((rs, i) -> new CallTally(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
    }

    /**
     * The day's differing call verdicts in its current version, all or those of {@code outcome}. Matched calls
     * are counted ({@link #tally}), not listed.
     */
    public List<CallVerdict> calls(LocalDate day, String provider, String outcome) {
        return jdbc.sql(CALLS_OF_DAY).param("day", day).param("provider", provider).param("outcome", outcome)
                .query(ReconcileResults::verdict).list();
    }

    private static final int CALLS_FETCHED = 1_000;

    /**
     * As {@link #calls}, every provider and outcome, handed to {@code each} one at a time as they are read (in
     * fetches of {@value #CALLS_FETCHED} rows: run it in a transaction, which PostgreSQL's driver needs to fetch
     * with a cursor), so that a day of a million differing calls is never in memory at once.
     */
    public void eachCall(LocalDate day, java.util.function.Consumer<CallVerdict> each) {
        jdbc.sql(CALLS_OF_DAY).withFetchSize(CALLS_FETCHED).param("day", day).param("provider", null)
                .param("outcome", null).query(rs -> {
                    each.accept(verdict(rs, 0));
                });
    }

    private static CallVerdict verdict(ResultSet rs, int i) throws SQLException {
        return new CallVerdict(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), (Long) rs.getObject(8), (Boolean) rs.getObject(9),
                (Boolean) rs.getObject(10), rs.getString(11));
    }

    public List<ReconcileLine> ofRun(long runId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reconcile_result WHERE run_id = :run" + ORDER)
                .param("run", runId).query(ReconcileResults::line).list();
    }

    /** The current (latest version) lines of a business day. */
    public List<ReconcileLine> current(LocalDate day) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reconcile_result_current WHERE business_date = :day" + ORDER)
                .param("day", day).query(ReconcileResults::line).list();
    }

    /** The current lines of the business days {@code first..last} (a month, for the monthly report). */
    public List<ReconcileLine> current(LocalDate first, LocalDate last) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reconcile_result_current WHERE business_date BETWEEN :first AND :last"
                + ORDER).param("first", first).param("last", last).query(ReconcileResults::line).list();
    }

    public List<MonthToDate> monthToDate(LocalDate day) {
        return jdbc.sql(MONTH_TO_DATE).param("day", day).query((rs, i) -> new MonthToDate(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7),
                rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getInt(10), rs.getInt(11))).list();
    }

    private static ReconcileLine line(ResultSet rs, int i) throws SQLException {
        Array causes = rs.getArray("causes");
        return new ReconcileLine(rs.getDate("business_date").toLocalDate(), rs.getInt("version"),
                rs.getString("provider"), rs.getString("account"), rs.getString("product"), rs.getString("scene"),
                rs.getString("charge_type"), rs.getLong("ledger_calls"), rs.getObject("provider_calls", Long.class),
                rs.getBigDecimal("ledger_amount"), rs.getBigDecimal("provider_amount"),
                ReconcileStatus.valueOf(rs.getString("status")),
                Arrays.asList((String[]) causes.getArray()), rs.getString("cause_detail"), rs.getString("statement"));
    }
}
