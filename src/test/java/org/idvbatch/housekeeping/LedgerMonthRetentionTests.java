package org.idvbatch.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.idvbatch.RejectedInputException;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.compliance.LegalHolds;
import org.idvbatch.compliance.SessionSelection;
import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.reconcile.close.MonthClose;
import org.idvbatch.report.MonthlyReportWriter;
import org.idvbatch.report.ReportRuns;
import org.idvbatch.report.RunInfo;
import org.idvbatch.session.LedgerMonths;
import org.idvbatch.status.StatusQuery;
import org.idvbatch.status.StatusSnapshot;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code idv.ledger.retention} (default 5 years): a closed month keeps its sessions and call rows through the last
 * day of its retention and loses them the night after, rolled up first; a month under legal hold or not closed
 * stays, and holds back the months after it; the monthly workbook and the month close read the same afterwards.
 */
@HousekeepingTest
class LedgerMonthRetentionTests {

    static final YearMonth JANUARY = YearMonth.of(2021, 1);
    static final YearMonth FEBRUARY = YearMonth.of(2021, 2);
    static final int PER_MONTH = 10;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PinnedClock clock;
    @Autowired
    JobOperator jobs;
    @Autowired
    JobRepository repository;
    @Autowired
    @Qualifier(BatchNames.HOUSEKEEPING_STEP_BEAN)
    Step housekeeping;
    @Autowired
    LedgerMonthRule rule;
    @Autowired
    Reconciler reconciler;
    @Autowired
    MonthClose close;
    @Autowired
    MonthlyReportWriter monthly;
    @Autowired
    ReportRuns reports;
    @Autowired
    LegalHolds holds;
    @Autowired
    StatusQuery status;
    @Autowired
    LedgerMonths months;

    @BeforeEach
    void emptyLedger() {
        HousekeepingFixtures.clear(jdbc);
        jdbc.sql("TRUNCATE reconcile_result, reconcile_day, reconcile_run, reconcile_line, reconcile_month_action,"
                + " statement_line, statement_file, provider_call RESTART IDENTITY CASCADE").update();
        clock.at("2021-03-10T02:00+08:00");
        seed(JANUARY);
        seed(FEBRUARY);
        reconciler.reconcileMonth(JANUARY);
        reconciler.reconcileMonth(FEBRUARY);
    }

    @Test
    void aClosedMonthKeepsItsRowsThroughTheLastDayOfItsRetentionAndLosesThemTheNightAfter() throws Exception {
        approve(JANUARY);
        approve(FEBRUARY);

        clock.at("2026-01-31T23:59:59+08:00"); // the cutoff is 2021-01-31 00:00: January's last day is not past
        run();
        assertThat(sessions(JANUARY)).isEqualTo(PER_MONTH);
        assertThat(months.removal(JANUARY)).isEmpty();

        clock.at("2026-02-01T02:00+08:00"); // the cutoff is 2021-02-01 00:00: all of January is older
        JobExecution night = run();

        assertThat(sessions(JANUARY)).isZero();
        assertThat(sessions(FEBRUARY)).as("February's last day is not past").isEqualTo(PER_MONTH);
        assertThat(count("SELECT count(*) FROM billable_call WHERE called_at < '2021-02-01T00:00+08:00'")).isZero();
        assertThat(count("SELECT count(*) FROM billable_call")).isEqualTo(PER_MONTH);
        assertThat(count("SELECT count(*) FROM provider_call WHERE business_date < '2021-02-01'")).isZero();
        assertThat(count("SELECT count(*) FROM provider_call")).isEqualTo(PER_MONTH);
        assertThat(count("SELECT count(*) FROM evidence_archive")).isEqualTo(PER_MONTH);
        assertThat(count("SELECT count(*) FROM provider_deletion")).as("February's receipts").isEqualTo(PER_MONTH / 2);
        assertThat(count("SELECT count(*) FROM provider_deletion_check")).as("February's confirming reads")
                .isEqualTo(PER_MONTH / 2);
        assertThat(count("SELECT count(*) FROM reconcile_result WHERE business_date < '2021-02-01'"))
                .as("the day-level billing facts stay").isPositive();
        LedgerMonths.Removal removal = months.removal(JANUARY).orElseThrow();
        assertThat(removal.complete()).isTrue();
        assertThat(removal.retention()).isEqualTo("5y");
        assertThat(jdbc.sql("SELECT sessions_removed, calls_removed, provider_calls_removed FROM ledger_month")
                .query((rs, i) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single())
                .containsExactly((long) PER_MONTH, (long) PER_MONTH, (long) PER_MONTH);
        assertThat(HousekeepingFixtures.step(night, BatchNames.HOUSEKEEPING_LEDGER_STEP).getExecutionContext()
                .getLong(BatchNames.HOUSEKEEPING_COUNT + LedgerMonthRule.SESSIONS)).isEqualTo(PER_MONTH);

        run(); // the night after: nothing more is due, nothing removed twice
        assertThat(sessions(FEBRUARY)).isEqualTo(PER_MONTH);
        assertThat(count("SELECT sessions_removed FROM ledger_month")).isEqualTo(PER_MONTH);
    }

    @Test
    void theTallyOfKeptEvidenceLosesWhatTheRemovedMonthKeptAndNothingElse() throws Exception {
        approve(JANUARY);
        approve(FEBRUARY);
        // evidence kept longer than the ledger's retention: its rows go with the month
        jdbc.sql("""
                INSERT INTO evidence_archive (session_id, provider, product, evidence_type, seq, object_key,
                    ciphertext_sha256, ciphertext_size, plaintext_size, kek_id, wrapped_key, captured_at, retain_until,
                    created_at)
                SELECT id, provider, product, 'BEST_FRAME', 0, 'kept-' || id, sha256(('kept-' || id)::bytea), 100, 90,
                       'local:1', '\\x00'::bytea, created_at, created_at + interval '10 years',
                       created_at + interval '1 hour'
                  FROM verification_session
                """).update();
        assertThat(org.idvbatch.EvidenceTally.assertMatchesTheArchive(jdbc, "before the removal")).isNotEmpty();

        clock.at("2026-02-01T02:00+08:00");
        run();

        assertThat(sessions(JANUARY)).isZero();
        org.idvbatch.EvidenceTally.assertMatchesTheArchive(jdbc, "after January's removal");
        assertThat(count("SELECT sessions FROM evidence_kept_sessions")).as("February's").isEqualTo(PER_MONTH);
        assertThat(count("SELECT sum(objects) FROM evidence_kept_tally")).isEqualTo(PER_MONTH);
    }

    @Test
    void theMonthlyWorkbookAndTheMonthCloseReadTheSameFromTheRollUpAsFromTheDetail() throws Exception {
        approve(JANUARY);
        clock.at("2026-01-20T10:00+08:00");
        Map<String, List<String>> before = workbook(JANUARY);
        String closeBefore = close.status(JANUARY).toString();

        clock.at("2026-02-01T02:00+08:00");
        run();
        assertThat(sessions(JANUARY)).isZero();

        Map<String, List<String>> after = workbook(JANUARY);
        for (String sheet : before.keySet()) {
            assertThat(after.get(sheet)).as(sheet).isEqualTo(before.get(sheet));
        }
        assertThat(close.status(JANUARY).toString()).isEqualTo(closeBefore);
        assertThat(before.get("汇总").toString()).as("the workbook has the month's sessions").contains("10");
        assertThat(before.get("合规")).as("the month's copies: deleted and not").contains(
                "aliyun-cloudauth|DELETED|5|5", "aliyun-cloudauth|NOT_DELETED|5|0");
    }

    @Test
    void anUnclosedMonthStaysAndHoldsBackTheMonthsAfterItAndStatusSaysWhy() throws Exception {
        approve(FEBRUARY); // January is not closed
        clock.at("2026-03-01T02:00+08:00"); // both months past their retention

        JobExecution night = run();

        assertThat(sessions(JANUARY)).isEqualTo(PER_MONTH);
        assertThat(sessions(FEBRUARY)).isEqualTo(PER_MONTH);
        assertThat(HousekeepingFixtures.step(night, BatchNames.HOUSEKEEPING_LEDGER_STEP).getExitStatus()
                .getExitDescription()).contains("2021-01 is not closed");
        StatusSnapshot snapshot = status.snapshot(1, 1);
        assertThat(snapshot.housekeeping().rules()).filteredOn(r -> r.step().equals(BatchNames.HOUSEKEEPING_LEDGER_STEP))
                .singleElement().satisfies(r -> assertThat(r.heldBack()).contains("2021-01 is not closed"));
        assertThat(snapshot.ledgerMonths()).extracting(LedgerMonths.MonthSize::month).startsWith(JANUARY, FEBRUARY);
        assertThat(snapshot.ledgerMonths().get(0).state()).isEqualTo("LIVE");
        assertThat(snapshot.ledgerMonths().get(0).sessions()).as("a small month is counted, not estimated")
                .isEqualTo(PER_MONTH);
        assertThat(snapshot.ledgerMonths().get(0).estimated()).isFalse();
    }

    @Test
    void aSessionUnderLegalHoldKeepsItsMonth() throws Exception {
        approve(JANUARY);
        approve(FEBRUARY);
        long held = jdbc.sql("SELECT min(id) FROM verification_session WHERE created_at < '2021-02-01T00:00+08:00'")
                .query(Long.class).single();
        holds.place(SessionSelection.sessions(List.of(held)), "carol", "litigation 2025-17");
        clock.at("2026-03-01T02:00+08:00");

        JobExecution night = run();

        assertThat(sessions(JANUARY)).isEqualTo(PER_MONTH);
        assertThat(sessions(FEBRUARY)).as("the months after a kept month stay too").isEqualTo(PER_MONTH);
        assertThat(HousekeepingFixtures.step(night, BatchNames.HOUSEKEEPING_LEDGER_STEP).getExitStatus()
                .getExitDescription()).contains("1 session(s) under legal hold");
    }

    @Test
    void aDayOfARemovedMonthCannotBeReportedOrReconciledAgainAndTheMessageSaysWhereItsFiguresAre() throws Exception {
        approve(JANUARY);
        clock.at("2026-02-01T02:00+08:00");
        run();

        assertThatThrownBy(() -> reports.forReportableDay(LocalDate.of(2021, 1, 15)))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("2021-01-15: cannot make a daily workbook")
                .hasMessageContaining("idv.ledger.retention=5y");
        assertThatThrownBy(() -> reconciler.reconcileDay(LocalDate.of(2021, 1, 15)))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("cannot make a reconciliation");
    }

    @Test
    void theRollUpIsKeptForTheBillingRetentionThenRemoved() throws Exception {
        approve(JANUARY);
        clock.at("2026-02-01T02:00+08:00");
        run();
        assertThat(count("SELECT count(*) FROM ledger_month_sessions WHERE month = '2021-01-01'")).isPositive();

        clock.at("2031-01-31T23:59:59+08:00");
        run();
        assertThat(count("SELECT count(*) FROM ledger_month_sessions WHERE month = '2021-01-01'")).isPositive();

        clock.at("2031-02-01T02:00+08:00");
        run();
        assertThat(count("SELECT count(*) FROM ledger_month_sessions WHERE month = '2021-01-01'")).isZero();
        assertThat(months.removal(JANUARY)).isEmpty();
    }

    /** The month's sessions, each with a billable call, a purged evidence object and a provider call. */
    private void seed(YearMonth month) {
        long file = jdbc.sql("""
                INSERT INTO statement_file (provider, period_start, period_end, version, origin, file_name, sha256,
                                            encoding, line_count)
                VALUES ('aliyun-cloudauth', :first, :last, 1, 'file', :name, md5(:name), 'UTF-8', 0) RETURNING id
                """).param("first", month.atDay(1)).param("last", month.atEndOfMonth())
                .param("name", "statement-" + month).query(Long.class).single();
        for (int i = 0; i < PER_MONTH; i++) {
            Instant created = BusinessDay.of(month.atDay(1 + i * 2)).start().plusSeconds(3_600L * (1 + i));
            String state = i % 3 == 0 ? "FAILED" : i % 5 == 4 ? "EXPIRED_UNHARVESTED" : "PASSED";
            String ref = month + "-" + i;
            long id = jdbc.sql("""
                    INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref,
                        created_at, retention_deadline, next_attempt_at, state, harvested_at, evidence_status)
                    VALUES ('aliyun-cloudauth', 'FaceVerify', 'scene-1', :ref, :ref, :at::timestamptz,
                            :at::timestamptz + interval '180 days', :at::timestamptz, :state,
                            CASE WHEN :state = 'EXPIRED_UNHARVESTED' THEN NULL
                                 ELSE :at::timestamptz + interval '1 hour' END, 'PURGED')
                    RETURNING id
                    """).param("ref", ref).param("at", Timestamp.from(created)).param("state", state)
                    .query(Long.class).single();
            jdbc.sql("""
                    INSERT INTO billable_call (session_id, provider, account, product, scene, call_ref, called_at,
                                               billable, charge_type, result_code)
                    VALUES (:id, 'aliyun-cloudauth', 'default', 'FaceVerify', 'scene-1', :ref, :at, true, 'FACE', '1')
                    """).param("id", id).param("ref", ref).param("at", Timestamp.from(created.plusSeconds(60)))
                    .update();
            jdbc.sql("""
                    INSERT INTO evidence_archive (session_id, provider, product, evidence_type, seq, object_key,
                        ciphertext_sha256, ciphertext_size, plaintext_size, kek_id, captured_at, retain_until,
                        purged_at)
                    VALUES (:id, 'aliyun-cloudauth', 'FaceVerify', 'FACE_IMAGE', 0, :ref, sha256(:ref::bytea), 10, 8,
                            'local:1', :at::timestamptz, :at::timestamptz + interval '2 years',
                            :at::timestamptz + interval '2 years')
                    """).param("id", id).param("ref", ref).param("at", Timestamp.from(created.plusSeconds(120)))
                    .update();
            if (i % 2 == 0) { // the provider's copy deleted the next day: a receipt; the others stay NOT_DELETED
                jdbc.sql("""
                        INSERT INTO provider_deletion (session_id, provider, account, action, cause, requested_at,
                                                       outcome, actor)
                        VALUES (:id, 'aliyun-cloudauth', 'default', 'DeleteFaceVerifyResult', 'AFTER_ARCHIVE',
                                :at::timestamptz + interval '1 day', 'DELETED', 'nightly')
                        """).param("id", id).param("at", Timestamp.from(created)).update();
                jdbc.sql("UPDATE verification_session SET copy_settled_at = created_at + interval '1 day' WHERE id = ?")
                        .param(id).update();
                // and confirmed by a read the same night (removed with its month, the sanctioned way)
                jdbc.sql("""
                        INSERT INTO provider_deletion_check (session_id, provider, account, receipt_id, action,
                                                             checked_at, outcome, code, actor)
                        SELECT session_id, provider, account, id, 'DescribeFaceVerify',
                               requested_at + interval '3 minutes', 'CONFIRMED', '406', 'nightly'
                          FROM provider_deletion WHERE session_id = :id
                        """).param("id", id).update();
            }
            jdbc.sql("""
                    INSERT INTO provider_call (statement_file_id, provider, account, business_date, provider_ref,
                                               call_ref, scene, called_at, charge_type, billable)
                    VALUES (:file, 'aliyun-cloudauth', 'default', :day, :ref, :ref, 'scene-1', :at, 'FACE', true)
                    """).param("file", file).param("day", BusinessDay.of(created).date()).param("ref", ref)
                    .param("at", Timestamp.from(created.plusSeconds(60))).update();
        }
    }

    private void approve(YearMonth month) {
        jdbc.sql("""
                INSERT INTO reconcile_month_action (month, action, actor, at) VALUES (:month, 'APPROVED', 'dora', :at)
                """).param("month", month.atDay(1)).param("at", Timestamp.from(Instant.parse("2021-03-15T02:00:00Z")))
                .update();
    }

    private long sessions(YearMonth month) {
        return jdbc.sql("SELECT count(*) FROM verification_session WHERE created_at >= :from AND created_at < :to")
                .param("from", Timestamp.from(LedgerMonths.start(month)))
                .param("to", Timestamp.from(LedgerMonths.start(month.plusMonths(1)))).query(Long.class).single();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    /**
     * The month's workbook read back: each sheet's rows as displayed, without the instant it was written and the
     * time since the run began (the clock moved on between the two).
     */
    private Map<String, List<String>> workbook(YearMonth month) throws Exception {
        Path file = monthly.write(month, new RunInfo(month.atEndOfMonth(), 7L,
                Instant.parse("2021-03-01T18:00:00Z"), "test"));
        Map<String, List<String>> sheets = new LinkedHashMap<>();
        DataFormatter fmt = new DataFormatter();
        try (XSSFWorkbook wb = new XSSFWorkbook(file.toFile())) {
            for (Sheet sheet : wb) {
                List<String> rows = new ArrayList<>();
                for (Row row : sheet) {
                    List<String> cells = new ArrayList<>();
                    row.forEach(c -> cells.add(fmt.formatCellValue(c)));
                    String text = String.join("|", cells);
                    if (!text.contains("2026-") && !text.startsWith("耗时")) { // when it was written, how long after the run
                        rows.add(text);
                    }
                }
                sheets.put(sheet.getSheetName(), rows);
            }
        }
        return sheets;
    }

    private JobExecution run() throws Exception {
        JobExecution run = HousekeepingFixtures.run(jobs, repository, housekeeping);
        assertThat(run.getStatus()).as(run.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
        return run;
    }
}
