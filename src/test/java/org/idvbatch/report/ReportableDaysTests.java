package org.idvbatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.RejectedInputException;
import org.idvbatch.reconcile.ReconcileTables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reports only for days that can be reported (issue 25): ended, and not before anything was recorded. */
@IdvIntegrationTest
class ReportableDaysTests {

    static final LocalDate DAY = LocalDate.parse("2026-10-05");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;
    @Autowired
    ReportRuns reportRuns;

    @BeforeEach
    void clean() {
        ReconcileTables.clear(jdbc);
    }

    @Test
    void aDayIsRefusedAt2359InShanghaiAndReportableFromMidnight() {
        session("2026-10-05T09:00:00+08:00");

        assertThatThrownBy(() -> at("2026-10-05T23:59:59.999+08:00").checkDay(DAY))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("business day 2026-10-05 has not ended in Asia/Shanghai (it is 2026-10-05 23:59 there):"
                        + " its figures are not complete, so it cannot be reported yet");
        assertThatCode(() -> at("2026-10-06T00:00:00+08:00").checkDay(DAY)).doesNotThrowAnyException();
        assertThatCode(() -> at("2026-10-05T16:00:00Z").checkDay(DAY)).as("00:00 in Shanghai is 16:00 UTC")
                .doesNotThrowAnyException();
    }

    @Test
    void aFutureDayIsRefusedEvenWithNothingRecorded() {
        assertThatThrownBy(() -> at("2026-12-07T12:00:00+08:00").checkDay(LocalDate.parse("2099-01-01")))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("business day 2099-01-01 has not ended");
    }

    @Test
    void aDayOrMonthBeforeTheFirstRecordedDayIsRefusedNamingThatDay() {
        session("2026-10-05T00:30:00+08:00"); // 2026-10-04 16:30 UTC: the business day is the 5th
        ReportableDays days = at("2026-12-07T12:00:00+08:00");

        assertThatThrownBy(() -> days.checkDay(LocalDate.parse("2026-10-04"))).isInstanceOf(RejectedInputException.class)
                .hasMessage("business day 2026-10-04 is before anything was recorded: the first recorded day is"
                        + " 2026-10-05 (the ledger's first session, or the first provider statement); there is nothing"
                        + " to report for it");
        assertThatThrownBy(() -> days.checkDay(LocalDate.parse("1999-01-01"))).hasMessageContaining("2026-10-05");
        assertThatThrownBy(() -> days.checkMonth(YearMonth.parse("1900-01"))).isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("month 1900-01 is before anything was recorded: the first recorded day is"
                        + " 2026-10-05");
        assertThatThrownBy(() -> days.checkMonth(YearMonth.parse("2026-09"))).hasMessageContaining("2026-10-05");
        assertThatCode(() -> days.checkDay(DAY)).doesNotThrowAnyException();
        assertThatCode(() -> days.checkMonth(YearMonth.parse("2026-10"))).as("the month of the first day")
                .doesNotThrowAnyException();
    }

    @Test
    void aDayWithProviderStatementsButNoSessionsIsReportable() {
        session("2026-10-05T09:00:00+08:00");
        jdbc.sql("""
                INSERT INTO statement_file (provider, period_start, period_end, version, origin, file_name, sha256,
                                            encoding, line_count)
                VALUES ('aliyun-cloudauth', DATE '2026-10-01', DATE '2026-10-01', 1, 'file', 'x.csv', 'sha', 'GBK', 0)
                """).update();
        ReportableDays days = at("2026-12-07T12:00:00+08:00");

        assertThat(days.firstRecordedDay()).contains(LocalDate.parse("2026-10-01"));
        assertThatCode(() -> days.checkDay(LocalDate.parse("2026-10-01"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> days.checkDay(LocalDate.parse("2026-09-30"))).hasMessageContaining("2026-10-01");
    }

    @Test
    void theCurrentMonthIsReportedToDateAndAMonthNotBegunIsRefused() {
        session("2026-10-05T09:00:00+08:00");
        ReportableDays firstMinuteOfNovember = at("2026-11-01T00:00:00+08:00");
        ReportableDays lastMinuteOfOctober = at("2026-10-31T23:59:00+08:00");

        assertThatCode(() -> firstMinuteOfNovember.checkMonth(YearMonth.parse("2026-11"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> lastMinuteOfOctober.checkMonth(YearMonth.parse("2026-11")))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("month 2026-11 has not begun in Asia/Shanghai (it is 2026-10-31 23:59 there): there is"
                        + " nothing to report for it yet");
        assertThatCode(() -> lastMinuteOfOctober.checkMonth(YearMonth.parse("2026-10"))).as("to date")
                .doesNotThrowAnyException();
    }

    @Test
    void withNothingRecordedYetEveryEndedDayIsReportable() {
        ReportableDays days = at("2026-12-07T12:00:00+08:00");

        assertThat(days.firstRecordedDay()).isEmpty();
        assertThatCode(() -> days.checkDay(LocalDate.parse("2024-05-01"))).doesNotThrowAnyException();
        assertThatCode(() -> days.checkMonth(YearMonth.parse("2024-05"))).doesNotThrowAnyException();
    }

    @Test
    void theRunOfAWorkbookAskedForIsRefusedForADayOrMonthThatCannotBeReported() {
        session("2026-10-05T09:00:00+08:00");

        assertThatThrownBy(() -> reportRuns.forReportableDay(LocalDate.parse("2099-01-01")))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("has not ended");
        assertThatThrownBy(() -> reportRuns.forReportableMonth(YearMonth.parse("1900-01")))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("the first recorded day is 2026-10-05");
        assertThat(reportRuns.forReportableDay(DAY).businessDate()).isEqualTo(DAY);
        assertThat(reportRuns.forReportableMonth(YearMonth.parse("2026-10")).businessDate())
                .isEqualTo(LocalDate.parse("2026-10-31"));
    }

    @Test
    void theFirstSessionIsFoundThroughAnIndexNotByReadingTheLedger() {
        session("2026-10-07T09:00:00+08:00");
        session("2026-10-05T09:00:00+08:00");
        List<String> plan = jdbcTemplate.execute((ConnectionCallback<List<String>>) con -> {
            List<String> lines = new ArrayList<>();
            try (Statement st = con.createStatement()) {
                st.execute("SET enable_seqscan = off"); // a plan that must read the table whole keeps its Seq Scan
                try (var rs = st.executeQuery("EXPLAIN " + ReportableDays.FIRST_SESSION)) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                } finally {
                    st.execute("RESET enable_seqscan");
                }
            }
            return lines;
        });

        assertThat(String.join("\n", plan)).contains("verification_session_scene_idx").doesNotContain("Seq Scan");
        assertThat(at("2026-12-07T12:00:00+08:00").firstRecordedDay()).contains(DAY);
    }

    private void session(String createdAt) {
        LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "ref-" + createdAt,
                OffsetDateTime.parse(createdAt).toInstant());
    }

    private ReportableDays at(String moment) {
        return new ReportableDays(jdbc, Clock.fixed(OffsetDateTime.parse(moment).toInstant(),
                java.time.ZoneOffset.UTC), new org.idvbatch.session.LedgerMonths(jdbc));
    }
}
