package org.idvbatch.report;

import org.idvbatch.batch.BatchNames;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The report stage of {@code nightly}: the day's workbook, then the monthly workbook of the business date's
 * month, month to date. Rewriting the monthly one every night (about a second: its sheets are aggregates)
 * means the month's last night leaves the complete month without a calendar rule, and a late re-run of any
 * day of the month refreshes it; {@code report --month} rewrites any month on demand.
 */
@Configuration(proxyBeanMethods = false)
class ReportStepConfiguration {

    @Bean(BatchNames.REPORT_STEP_BEAN)
    Step reportStep(JobRepository jobRepository, PlatformTransactionManager tx, NightlyReportTasklet tasklet) {
        return new StepBuilder(BatchNames.REPORT_STEP, jobRepository).tasklet(tasklet, tx).build();
    }
}
