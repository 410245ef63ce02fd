package org.idvbatch.audit;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.batch.NightlyParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly's last stage, {@code audit-digest}: audit-verify of what was chained since the last digest (its
 * result recorded in {@code audit_verification} and in the step's exit description, a break logged as an error),
 * then the night's signed digest. A night whose business date is not after the last digest's writes none: the
 * digests chain in date order, and a re-run of an earlier night must not insert one between them.
 */
@Configuration(proxyBeanMethods = false)
class AuditDigestStepConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuditDigestStepConfiguration.class);
    private static final String LATEST = "SELECT max(business_date) FROM audit_digest";
    private static final String RECORD = """
            INSERT INTO audit_verification (at, business_date, since_digest, rows_checked, breaks, first_break)
            VALUES (:at, :date, :since, :rows, :breaks, :first)
            """;

    @Bean(BatchNames.AUDIT_DIGEST_STEP_BEAN)
    Step auditDigestStep(JobRepository jobRepository, PlatformTransactionManager tx, AuditVerifier verifier,
                         AuditDigests digests, JdbcClient jdbc, Clock clock) {
        return new StepBuilder(BatchNames.AUDIT_DIGEST_STEP, jobRepository).tasklet((contribution, chunk) -> {
            var step = chunk.getStepContext().getStepExecution();
            LocalDate date = NightlyParameters.businessDate(step.getJobParameters());
            Optional<LocalDate> latest = jdbc.sql(LATEST).query((rs, i) -> rs.getDate(1)).optional()
                    .map(d -> d == null ? null : d.toLocalDate());
            AuditVerification v = verifier.verify(latest.map(d -> d.plusDays(1)).orElse(null));
            long rows = v.rows().values().stream().mapToLong(Long::longValue).sum();
            jdbc.sql(RECORD).param("at", Timestamp.from(clock.instant())).param("date", Date.valueOf(date))
                    .param("since", latest.map(Date::valueOf).orElse(null)).param("rows", rows)
                    .param("breaks", v.breaks().size())
                    .param("first", v.whole() ? null : v.breaks().get(0).line()).update();
            step.getExecutionContext().putLong(BatchNames.AUDIT_BREAKS, v.breaks().size());
            if (!v.whole()) {
                v.breaks().forEach(b -> log.error("audit-verify: {}", b.line()));
            }
            boolean later = latest.isEmpty() || date.isAfter(latest.get());
            boolean wrote = later && digests.write(date);
            contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription((v.whole() ? "audit trail whole"
                    : v.breaks().size() + " break(s) in the audit trail") + " (" + rows + " rows since "
                    + latest.map(LocalDate::toString).orElse("the anchors") + "); " + (wrote ? "digest " + date
                    + " written" : "no digest: one for " + latest.orElse(date) + " exists")));
            return RepeatStatus.FINISHED;
        }, tx).build();
    }
}
