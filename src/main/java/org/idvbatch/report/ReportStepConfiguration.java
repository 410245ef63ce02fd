package org.idvbatch.report;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.idvbatch.archive.NightlyArchiveTasklet;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The report stage of {@code nightly}: the day's workbook, and the month-to-date monthly workbook of the
 * business date's month (rewritten every night, so the month's last night leaves the complete month;
 * {@code report --month} rewrites any month on demand).
 */
@Configuration(proxyBeanMethods = false)
class ReportStepConfiguration {

    @Bean
    Step reportStep(JobRepository jobRepository, PlatformTransactionManager tx, DailyReportWriter daily,
                    MonthlyReportWriter monthly, ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() == null ? "development build" : build.getObject().getVersion();
        return new StepBuilder("report", jobRepository)
                .tasklet((contribution, chunk) -> {
                    JobExecution job = chunk.getStepContext().getStepExecution().getJobExecution();
                    LocalDate date = job.getJobParameters().getLocalDate("businessDate");
                    RunInfo run = new RunInfo(date, job.getId(),
                            job.getStartTime().atZone(ZoneId.systemDefault()).toInstant(), version, archiveCheck(job));
                    Path day = daily.write(run);
                    Path month = monthly.write(java.time.YearMonth.from(date), run);
                    ExecutionContext ctx = chunk.getStepContext().getStepExecution().getExecutionContext();
                    ctx.putString("workbook", day.toString());
                    ctx.putString("monthlyWorkbook", month.toString());
                    return RepeatStatus.FINISHED;
                }, tx)
                .build();
    }

    /** What this job execution's archive step verified (NOT_RUN when it did not run in this execution). */
    static ArchiveCheck archiveCheck(JobExecution job) {
        return job.getStepExecutions().stream().filter(s -> s.getStepName().equals("archive"))
                .map(StepExecution::getExecutionContext).filter(c -> c.containsKey(NightlyArchiveTasklet.CHECKED))
                .reduce((a, b) -> b)
                .map(c -> new ArchiveCheck(c.getInt(NightlyArchiveTasklet.CHECKED), findings(c)))
                .orElse(ArchiveCheck.NOT_RUN);
    }

    private static List<String> findings(ExecutionContext ctx) {
        String all = ctx.getString(NightlyArchiveTasklet.FINDINGS, "");
        return all.isEmpty() ? List.of() : Arrays.asList(all.split("\n"));
    }
}
