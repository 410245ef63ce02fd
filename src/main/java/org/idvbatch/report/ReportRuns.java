package org.idvbatch.report;

import org.idvbatch.batch.NightlyParameters;
import org.idvbatch.batch.BatchNames;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Service;

/** The run a workbook states in its Summary: a nightly job execution, or the on-demand {@code report} command. */
@Service
public class ReportRuns {

    private final JobRepository jobs;
    private final Clock clock;
    private final ReportableDays reportable;
    private final String version;

    ReportRuns(JobRepository jobs, Clock clock, ReportableDays reportable, ObjectProvider<BuildProperties> build) {
        this.jobs = jobs;
        this.clock = clock;
        this.reportable = reportable;
        BuildProperties props = build.getIfAvailable();
        this.version = props == null ? "development build" : props.getVersion();
    }

    /** The nightly execution being reported on. */
    RunInfo of(JobExecution job, LocalDate businessDate) {
        return new RunInfo(businessDate, job.getId(), job.getStartTime().atZone(ZoneId.systemDefault()).toInstant(),
                version, archiveCheck(job));
    }

    /**
     * A report made on demand: it states the date's last nightly execution (and its archive check) when there
     * is one, else no run id, started now.
     */
    public RunInfo forDate(LocalDate businessDate) {
        JobExecution last = jobs.getLastJobExecution(BatchNames.NIGHTLY_JOB, NightlyParameters.of(businessDate));
        return last == null || last.getStartTime() == null
                ? new RunInfo(businessDate, null, clock.instant(), version)
                : of(last, businessDate);
    }

    /**
     * {@link #forDate} for a report asked for (the {@code report} command, the console's regenerate action): the
     * day must be reportable.
     *
     * @throws org.idvbatch.RejectedInputException a day not ended, or before anything was recorded (see
     *                                             {@link ReportableDays#checkDay})
     */
    public RunInfo forReportableDay(LocalDate businessDate) {
        reportable.checkDay(businessDate);
        return forDate(businessDate);
    }

    /**
     * The run a monthly workbook states (its last day's), for a month that is reportable.
     *
     * @throws org.idvbatch.RejectedInputException a month not begun, or before anything was recorded (see
     *                                             {@link ReportableDays#checkMonth})
     */
    public RunInfo forReportableMonth(YearMonth month) {
        reportable.checkMonth(month);
        return forDate(month.atEndOfMonth());
    }

    /** What the execution's archive-verify step checked; NOT_RUN when it did not run in that execution. */
    static ArchiveCheck archiveCheck(JobExecution job) {
        return job.getStepExecutions().stream().filter(s -> s.getStepName().equals(BatchNames.ARCHIVE_VERIFY_STEP))
                .map(StepExecution::getExecutionContext).filter(c -> c.containsKey(BatchNames.ARCHIVE_CHECKED))
                .reduce((a, b) -> b)
                .map(c -> new ArchiveCheck(c.getInt(BatchNames.ARCHIVE_CHECKED), findings(c)))
                .orElse(ArchiveCheck.NOT_RUN);
    }

    private static List<String> findings(ExecutionContext ctx) {
        String all = ctx.getString(BatchNames.ARCHIVE_FINDINGS, "");
        return all.isEmpty() ? List.of() : Arrays.asList(all.split("\n"));
    }
}
