package org.idvbatch.reconcile;

import java.time.LocalDate;
import java.util.List;
import org.idvbatch.reconcile.statement.StatementInbox;
import org.idvbatch.reconcile.statement.ProviderStatements;
import org.springframework.stereotype.Service;

/**
 * Gathers the provider side of a business day (the statement inbox, then every configured bill API) and
 * reconciles the day: what the nightly's reconcile step does, and what {@code reconcile} does from the command
 * line. Both parts run in their own transactions and are idempotent (files already imported are no-ops, a
 * re-run is a new version).
 */
@Service
public class ProviderSideReconciliation {

    private final ProviderStatements intake;
    private final Reconciler reconciler;
    private final ReconcileProperties properties;

    ProviderSideReconciliation(ProviderStatements intake, Reconciler reconciler, ReconcileProperties properties) {
        this.intake = intake;
        this.reconciler = reconciler;
        this.properties = properties;
    }

    /** What was gathered and the reconciliation run it fed. */
    public record DayResult(StatementInbox.Report intake, ReconcileRun run) {

        /** Every line matched and nothing was set aside. */
        public boolean clean() {
            return run.allMatched() && intake.rejected().isEmpty();
        }
    }

    /** Imports what the inbox holds and what the bill APIs report for {@code day}; unusable input is set aside. */
    public StatementInbox.Report collect(LocalDate day) {
        return intake.collect(properties.inbox(), day);
    }

    /** The inbox once, then the bill APIs for each of {@code days}. */
    public StatementInbox.Report collect(List<LocalDate> days) {
        return intake.collect(properties.inbox(), days);
    }

    /** {@link #collect} then reconcile the day. */
    public DayResult reconcileDay(LocalDate day) {
        StatementInbox.Report imported = collect(day);
        return new DayResult(imported, reconciler.reconcileDay(day));
    }
}
