package org.idvbatch.report;

import java.nio.file.Path;
import java.time.LocalDate;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The report stage of {@code nightly}: the day's workbook. */
@Configuration(proxyBeanMethods = false)
class ReportStepConfiguration {

    @Bean
    Step reportStep(JobRepository jobRepository, PlatformTransactionManager tx, DailyReportWriter writer,
                    ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() == null ? "development build" : build.getObject().getVersion();
        return new StepBuilder("report", jobRepository)
                .tasklet((contribution, chunk) -> {
                    JobExecution job = chunk.getStepContext().getStepExecution().getJobExecution();
                    LocalDate date = job.getJobParameters().getLocalDate("businessDate");
                    Path file = writer.write(new RunInfo(date, job.getId(),
                            job.getStartTime().atZone(java.time.ZoneId.systemDefault()).toInstant(), version));
                    chunk.getStepContext().getStepExecution().getExecutionContext().putString("workbook",
                            file.toString());
                    return RepeatStatus.FINISHED;
                }, tx)
                .build();
    }
}
