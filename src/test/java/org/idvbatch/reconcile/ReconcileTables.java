package org.idvbatch.reconcile;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Empties the ledger and reconciliation tables between tests (the test database is shared per context). */
public final class ReconcileTables {

    private ReconcileTables() {
    }

    public static void clear(JdbcClient jdbc) {
        jdbc.sql("TRUNCATE reconcile_result, reconcile_day, reconcile_run, statement_line, statement_file,"
                + " billable_call, verification_session, reconcile_line, reconcile_month_action RESTART IDENTITY"
                + " CASCADE").update();
    }
}
