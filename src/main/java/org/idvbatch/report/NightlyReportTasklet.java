package org.idvbatch.report;

import org.idvbatch.batch.BatchNames;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import org.idvbatch.batch.NightlyParameters;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/**
 * The nightly's report stage: the day's workbook, then the month's (month to date). The step's context keeps
 * both paths ({@code workbook}, {@code monthlyWorkbook}).
 */
@Component
class NightlyReportTasklet implements Tasklet {

    private final DailyReportWriter daily;
    private final MonthlyReportWriter monthly;
    private final ReportRuns runs;

    NightlyReportTasklet(DailyReportWriter daily, MonthlyReportWriter monthly, ReportRuns runs) {
        this.daily = daily;
        this.monthly = monthly;
        this.runs = runs;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) throws IOException {
        JobExecution job = chunk.getStepContext().getStepExecution().getJobExecution();
        LocalDate date = NightlyParameters.businessDate(job.getJobParameters());
        RunInfo run = runs.of(job, date);
        Path day = daily.write(run);
        Path month = monthly.write(YearMonth.from(date), run);
        ExecutionContext ctx = chunk.getStepContext().getStepExecution().getExecutionContext();
        ctx.putString(BatchNames.REPORT_WORKBOOK, day.toString());
        ctx.putString("monthlyWorkbook", month.toString());
        return RepeatStatus.FINISHED;
    }
}
