package org.idvbatch.batch;

/**
 * The names by which Spring Batch and idv-batch know the jobs, their steps, their beans, their parameters and
 * what the steps leave in their execution contexts. The job and step definitions use them, and so does
 * everything that reads executions back (alerts, metrics, reports, the command line), so a name changes in one
 * place. Compile-time constants, usable in {@code @Qualifier}.
 */
public final class BatchNames {

    /** harvest -> archive -> provider-deletion -> provider-deletion-confirm -> reconcile -> report -> housekeeping for one business date. */
    public static final String NIGHTLY_JOB = "nightly";
    /** The harvest alone, every few minutes in the daemon. */
    public static final String HARVEST_JOB = "harvest";

    /** Re-reconciles the lookback days whose provider side arrived or changed (the daytime trigger). */
    public static final String CATCH_UP_JOB = "reconcileCatchUp";
    public static final String CATCH_UP_STEP = "reconcile-catch-up";

    /** The nightly's first stage: the harvest flow as one step. */
    public static final String HARVEST_STEP = "harvest";
    public static final String HARVEST_EXPIRE_STEP = "harvest-expire";
    public static final String HARVEST_QUERY_STEP = "harvest-query";
    public static final String HARVEST_QUERY_WORKER_STEP = "harvest-query-worker";
    public static final String HARVEST_AT_RISK_STEP = "harvest-at-risk";
    /** The archive stage: a flow of its three phases, each a step. */
    public static final String ARCHIVE_STEP = "archive";
    public static final String ARCHIVE_SWEEP_STEP = "archive-sweep";
    public static final String ARCHIVE_PURGE_STEP = "archive-purge";
    public static final String ARCHIVE_VERIFY_STEP = "archive-verify";
    /** After the archive: the provider's copies of archived (verified) and erased sessions deleted. */
    public static final String PROVIDER_DELETION_STEP = "provider-deletion";
    /**
     * After provider-deletion: its DELETED receipts confirmed by a later read that returns no personal data, or
     * found unconfirmed past idv.copy-deletion.confirm-within (#30).
     */
    public static final String PROVIDER_DELETION_CONFIRM_STEP = "provider-deletion-confirm";
    public static final String RECONCILE_STEP = "reconcile";
    public static final String REPORT_STEP = "report";
    /**
     * The nightly's last stage: a flow of one step per retention rule (org.idvbatch.housekeeping), each a named,
     * restartable step of its own.
     */
    public static final String HOUSEKEEPING_STEP = "housekeeping";
    /** After housekeeping: audit-verify of the rows since the last digest, then the night's signed digest (#30). */
    public static final String AUDIT_DIGEST_STEP = "audit-digest";
    /** idv.ledger.identity-retention: expired sessions' masks and keyed hashes blanked. */
    public static final String HOUSEKEEPING_IDENTITY_STEP = "housekeeping-identity";
    /** idv.ledger.retention: closed months past it rolled up, then their sessions and call rows removed. */
    public static final String HOUSEKEEPING_LEDGER_STEP = "housekeeping-ledger";
    /** idv.ledger.billing-retention: removed months' roll-ups past it removed. */
    public static final String HOUSEKEEPING_ROLLUP_STEP = "housekeeping-rollup";
    /** idv.audit.retention: the oldest audit rows removed, oldest first. */
    public static final String HOUSEKEEPING_AUDIT_STEP = "housekeeping-audit";
    /** idv.history.keep: Spring Batch's finished job instances removed. */
    public static final String HOUSEKEEPING_JOB_HISTORY_STEP = "housekeeping-job-history";
    /** idv.history.keep: the records of published workbooks whose files are gone. */
    public static final String HOUSEKEEPING_WORKBOOKS_STEP = "housekeeping-workbooks";
    /** idv.history.keep: the records of the provider-deletion nights (the backlog's forecast keeps the last). */
    public static final String HOUSEKEEPING_DELETION_NIGHTS_STEP = "housekeeping-deletion-nights";

    /** Bean names of the jobs, the harvest flow and the nightly's stages (each defined in its feature package). */
    public static final String NIGHTLY_JOB_BEAN = "nightlyJob";
    public static final String HARVEST_JOB_BEAN = "harvestJob";
    public static final String HARVEST_FLOW_BEAN = "harvestFlow";
    public static final String ARCHIVE_STEP_BEAN = "archiveStep";
    public static final String PROVIDER_DELETION_STEP_BEAN = "providerDeletionStep";
    public static final String PROVIDER_DELETION_CONFIRM_STEP_BEAN = "providerDeletionConfirmStep";
    public static final String RECONCILE_STEP_BEAN = "reconcileStep";
    public static final String REPORT_STEP_BEAN = "reportStep";
    public static final String HOUSEKEEPING_STEP_BEAN = "housekeepingStep";
    public static final String AUDIT_DIGEST_STEP_BEAN = "auditDigestStep";
    public static final String CATCH_UP_JOB_BEAN = "reconcileCatchUpJob";

    /** Job parameter: the business date (Asia/Shanghai) a nightly run is for; it identifies the run. */
    public static final String BUSINESS_DATE = "businessDate";

    /** Execution-context keys written by the steps. */
    /** audit-digest: breaks audit-verify found in the rows chained since the last digest. */
    public static final String AUDIT_BREAKS = "auditBreaks";
    public static final String EXPIRED = "expired";
    public static final String AT_RISK = "atRisk";
    public static final String RECONCILE_RUN = "reconcileRun";
    public static final String STATEMENTS_IMPORTED = "statementsImported";
    public static final String STATEMENTS_REJECTED = "statementsRejected";
    /** The provider-deletion step: sessions left alone (comma-separated ids) and the exceptions, one per line. */
    public static final String COPY_DELETION_SKIPPED = "copyDeletion.skipped";
    public static final String COPY_DELETION_EXCEPTIONS = "copyDeletion.exceptions";
    /** The provider-deletion-confirm step: the oldest unconfirmed deletions, one line each (no personal data). */
    public static final String COPY_CONFIRM_UNCONFIRMED = "copyDeletion.unconfirmed";
    /** The provider-deletion step's (and provider-deletion-confirm's) one-line summary of what it did. */
    public static final String COPY_DELETION_SUMMARY = "summary";
    /** The archive's phases, promoted to the job's context: orphans removed, objects purged, the sample check. */
    public static final String ARCHIVE_ORPHANS_REMOVED = "archive.orphansRemoved";
    public static final String ARCHIVE_PURGED = "archive.purged";
    public static final String ARCHIVE_CHECKED = "verify.checked";
    public static final String ARCHIVE_FINDINGS = "verify.findings";
    public static final String ARCHIVE_SUMMARY = "archive.summary";
    /** The report step: the business date whose workbook it wrote. */
    public static final String REPORT_WORKBOOK = "workbook";
    /** A housekeeping rule's step: the cutoff it removes before (an instant), and its counts under this prefix. */
    public static final String HOUSEKEEPING_CUTOFF = "housekeeping.cutoff";
    public static final String HOUSEKEEPING_COUNT = "housekeeping.count.";
    /** When a housekeeping step began, on the application's clock: its budget counts from it. */
    public static final String HOUSEKEEPING_STARTED = "housekeeping.started";
    /** The exit code of a step that completed with something a person should look at (it does not stop the night). */
    public static final String FINDINGS = "FINDINGS";
    /** Days the catch-up reconciled again (new versions). */
    public static final String CATCH_UP_RUNS = "catchUpRuns";
    /** Their reconcile_run ids, comma-separated. */
    public static final String CATCH_UP_RUN_IDS = "catchUpRunIds";

    private BatchNames() {
    }
}
