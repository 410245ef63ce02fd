package org.idvbatch.alert;

import org.idvbatch.batch.BatchNames;
import org.idvbatch.copydeletion.DeletionBacklog;
import org.idvbatch.harvest.HarvestTally;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Raises alerts when a {@code harvest} or {@code nightly} job ends, from what its steps recorded: the expire
 * step's {@code expired}, the at-risk step's {@code atRisk}, the reconcile step's run (its differing lines are
 * counted in one query), and the job's own status. Runs after the job, so it never changes its outcome.
 */
@Component
class JobAlerts implements JobExecutionListener {

    /**
     * A run's findings per business day and provider (a run may cover several days: the catch-up's, the month's):
     * differing lines, overdue lines, sessions discovered from the bill. Both sides read by the run's index.
     */
    static final String RUN_FINDINGS = """
            SELECT coalesce(r.business_date, c.business_date) AS business_date,
                   coalesce(r.provider, c.provider) AS provider,
                   coalesce(r.differing, 0), coalesce(r.overdue, 0), coalesce(c.discovered, 0)
              FROM (SELECT business_date, provider,
                           count(*) FILTER (WHERE status NOT IN ('MATCHED', 'AWAITING_PROVIDER', 'STATEMENT_OVERDUE'))
                               AS differing,
                           count(*) FILTER (WHERE status = 'STATEMENT_OVERDUE') AS overdue
                      FROM reconcile_result WHERE run_id = :run GROUP BY business_date, provider) r
              FULL JOIN (SELECT business_date, provider, count(DISTINCT provider_ref) AS discovered
                           FROM reconcile_call WHERE run_id = :run AND outcome = 'UNKNOWN_SESSION'
                          GROUP BY business_date, provider) c
                ON c.business_date = r.business_date AND c.provider = r.provider
             ORDER BY 1, 2
            """;

    private final AlertPublisher publisher;
    private final AlertProperties props;
    private final JdbcClient jdbc;
    private final Clock clock;

    private final org.idvbatch.reconcile.close.MonthClose monthClose;
    private final DeletionBacklog backlog;
    private final org.idvbatch.copydeletion.DeletionConfirmation confirmation;

    JobAlerts(AlertPublisher publisher, AlertProperties props, JdbcClient jdbc, Clock clock,
              org.idvbatch.reconcile.close.MonthClose monthClose, DeletionBacklog backlog,
              org.idvbatch.copydeletion.DeletionConfirmation confirmation) {
        this.confirmation = confirmation;
        this.monthClose = monthClose;
        this.backlog = backlog;
        this.publisher = publisher;
        this.props = props;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void afterJob(JobExecution job) {
        for (StepExecution step : job.getStepExecutions()) {
            var ctx = step.getExecutionContext();
            switch (step.getStepName()) {
                case BatchNames.HARVEST_EXPIRE_STEP -> raise(job, "SESSIONS_EXPIRED", ctx.getInt(BatchNames.EXPIRED, 0),
                        props.expiredThreshold(), "sessions passed their retention deadline unharvested");
                case BatchNames.HARVEST_AT_RISK_STEP -> raise(job, "SESSIONS_AT_RISK", ctx.getLong(BatchNames.AT_RISK, 0L),
                        props.atRiskThreshold(), "open sessions are within the at-risk margin of their deadline");
                case BatchNames.HARVEST_QUERY_STEP -> HarvestTally.of(ctx).forEach((key, n) -> {
                    if (key.startsWith(HarvestTally.REFUSED)) {
                        String[] pac = key.substring(HarvestTally.REFUSED.length()).split("\\|", 3);
                        raise(job, "ACCOUNT_REFUSED", job.getJobParameters().getLocalDate(
                                BatchNames.BUSINESS_DATE), pac[0], n, 0, "sessions of " + pac[0] + " account " + pac[1]
                                + " left due: the provider refused the account (" + pac[2] + "); check"
                                + " idv.providers." + pac[0] + ".accounts." + pac[1] + " (AccessKey, secret,"
                                + " permissions)");
                    }
                });
                case BatchNames.PROVIDER_DELETION_STEP -> {
                    if (step.getStatus() == BatchStatus.COMPLETED) {
                        copyBacklog(job);
                    }
                }
                case BatchNames.PROVIDER_DELETION_CONFIRM_STEP -> {
                    if (step.getStatus() == BatchStatus.COMPLETED) {
                        unconfirmedDeletions(job);
                    }
                }
                case BatchNames.AUDIT_DIGEST_STEP -> raise(job, "AUDIT_TRAIL_BROKEN",
                        ctx.getLong(BatchNames.AUDIT_BREAKS, 0L), 0, "breaks in the audit trail since the last digest:"
                        + " audit-verify names each (table, row, kind); the last result is in audit_verification");
                case BatchNames.CATCH_UP_STEP -> {
                    for (String run : ctx.getString(BatchNames.CATCH_UP_RUN_IDS, "").split(",")) {
                        if (!run.isBlank()) {
                            reconcileAlerts(job, Long.parseLong(run));
                        }
                    }
                }
                case BatchNames.RECONCILE_STEP -> {
                    agedExceptions(job);
                    if (ctx.containsKey(BatchNames.RECONCILE_RUN)) {
                        reconcileAlerts(job, ctx.getLong(BatchNames.RECONCILE_RUN));
                    }
                    for (String run : ctx.getString(BatchNames.CATCH_UP_RUN_IDS, "").split(",")) {
                        if (!run.isBlank()) {
                            reconcileAlerts(job, Long.parseLong(run));
                        }
                    }
                }
                default -> { }
            }
        }
        if (job.getStatus() == BatchStatus.FAILED || job.getStatus() == BatchStatus.UNKNOWN) {
            String failedSteps = job.getStepExecutions().stream().filter(s -> s.getStatus().isUnsuccessful())
                    .map(s -> s.getStepName() + " (" + s.getExitStatus().getExitCode() + ")")
                    .collect(Collectors.joining(", "));
            // step names and exit codes only: exception messages may quote provider answers
            raise(job, "JOB_FAILED", 1, 0, "job " + job.getStatus() + "; failed steps: " + failedSteps);
        }
    }

    /**
     * Differing lines of a reconcile run, lines whose provider statement is overdue and sessions discovered from the
     * bill, each an alert per business day and provider of the lines: a catch-up run by the nightly of 12-05 that
     * reconciles 12-03 again names 12-03, not 12-05.
     */
    private void reconcileAlerts(JobExecution job, long run) {
        record Findings(LocalDate day, String provider, long differing, long overdue, long discovered) {
        }
        List<Findings> all = jdbc.sql(RUN_FINDINGS).param("run", run).query((rs, i) -> new Findings(
                rs.getObject(1, LocalDate.class), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .list();
        for (Findings f : all) {
            String about = f.provider() + " on " + f.day() + " (run " + run + ")";
            raise(job, "RECONCILE_DIFFERENCES", f.day(), f.provider(), f.differing(),
                    props.reconcileDifferenceThreshold(), "reconciliation lines of " + about
                            + " differ from the provider's statement");
            raise(job, "SESSIONS_DISCOVERED", f.day(), f.provider(), f.discovered(), 0, "sessions billed by "
                    + about + " were never recorded by the merchant's server; added to the ledger as discovered,"
                    + " so the harvest queries them: find why the server missed them");
            raise(job, "STATEMENT_OVERDUE", f.day(), f.provider(), f.overdue(), 0, "reconciliation lines of " + about
                    + " wait for a provider statement past its due time and grace: fetch or export it");
        }
    }

    /**
     * Provider copies still due for deletion after the night, per account, with the business day the backlog
     * clears at the nights' pace (DeletionBacklog's forecast), or that it does not at this pace.
     */
    private void copyBacklog(JobExecution job) {
        for (DeletionBacklog.Account a : backlog.read()) {
            raise(job, "COPY_DELETION_BACKLOG", job.getJobParameters().getLocalDate(BatchNames.BUSINESS_DATE),
                    a.provider(), a.sessions(), props.copyBacklogThreshold(), copyBacklogMessage(a));
        }
    }

    /**
     * Provider deletions still not confirmed by a read {@code idv.copy-deletion.confirm-within} after their receipt,
     * per provider: the provider said "deleted", but its result API still returned the personal data, or no read
     * was answered.
     */
    private void unconfirmedDeletions(JobExecution job) {
        LocalDate day = job.getJobParameters().getLocalDate(BatchNames.BUSINESS_DATE);
        for (org.idvbatch.copydeletion.DeletionConfirmation.Counts c : confirmation.counts()) {
            raise(job, "PROVIDER_DELETION_UNCONFIRMED", day, c.provider(), c.unconfirmed(), 0, "provider deletions of "
                    + c.provider() + " are not confirmed "
                    + org.idvbatch.copydeletion.DeletionConfirmation.shown(confirmation.confirmWithin())
                    + " after the provider answered deleted: its result API"
                    + " still returns the personal data, or no read was answered; the Compliance sheet lists them");
        }
    }

    static String copyBacklogMessage(DeletionBacklog.Account a) {
        String pace = a.nightCapacity() + " a night (" + (a.measured() ? "measured last night" : "by the settings")
                + ") against " + String.format(java.util.Locale.ROOT, "%.1f", a.inflowPerDay()) + " new a day";
        String oldest = a.oldestDue() == null ? "" : ", the oldest due since "
                + org.idvbatch.time.BusinessDay.of(a.oldestDue()) + " (Asia/Shanghai)";
        if (a.clear()) { // the message is built for every account, raised only above the threshold
            return "provider copies of " + a.provider() + " account " + a.account() + ": no backlog";
        }
        if (a.neverClears()) {
            return "provider copies of " + a.provider() + " account " + a.account() + " wait for deletion" + oldest
                    + "; at " + pace + " the backlog never clears: raise idv.copy-deletion.window or the account's"
                    + " delete quota, or spread the sessions over more accounts";
        }
        return "provider copies of " + a.provider() + " account " + a.account() + " wait for deletion" + oldest
                + "; at " + pace + " the backlog clears on " + a.clearsOn() + " (Asia/Shanghai), in the night of"
                + " business date " + a.clearsOn().date().minusDays(1) + ", " + a.nights() + " night"
                + (a.nights() == 1 ? "" : "s") + " from now";
    }

    /** Unexplained exceptions of the months still worked (last month and this one) older than allowed. */
    private void agedExceptions(JobExecution job) {
        LocalDate date = job.getJobParameters().getLocalDate(BatchNames.BUSINESS_DATE);
        if (date == null) {
            return;
        }
        long maxDays = props.exceptionMaxAge().toDays();
        long aged = monthClose.unexplainedOfWorkedMonths(date).stream().filter(e -> e.ageDays() > maxDays).count();
        raise(job, "RECONCILE_EXCEPTIONS_AGED", aged, 0, "unexplained reconciliation exceptions are older than "
                + maxDays + " days (idv.alerts.exception-max-age): explain them (reconcile exceptions)");
    }

    /** An alert about the job's own business date (null for a harvest run), about no provider. */
    private void raise(JobExecution job, String kind, long count, long threshold, String message) {
        raise(job, kind, job.getJobParameters().getLocalDate(BatchNames.BUSINESS_DATE), null, count, threshold,
                message);
    }

    /** An alert about business day {@code day} and {@code provider} (either may be null), whatever job found it. */
    private void raise(JobExecution job, String kind, LocalDate day, String provider, long count, long threshold,
                       String message) {
        if (count > threshold) {
            publisher.publish(new Alert(kind, job.getJobInstance().getJobName(), job.getId(),
                    day == null ? null : day.toString(), provider, count, threshold, count + " " + message,
                    clock.instant()));
        }
    }
}
