package org.idvbatch.reconcile;

import java.time.LocalDate;
import org.idvbatch.reconcile.statement.StatementInbox;
import org.idvbatch.reconcile.statement.StatementIntake;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The reconcile stage of {@code nightly}: import what the statement inbox holds and what configured bill
 * APIs report for the job's businessDate, then reconcile that date. A tasklet, not a chunk step, because the work is one set-based SQL statement; both parts run
 * in their own transactions and are idempotent (files already imported are no-ops, a re-run is a new
 * version), so a failed run restarted for the same date simply does the stage again.
 */
@Configuration(proxyBeanMethods = false)
class ReconcileStepConfiguration {

    @Bean
    Step reconcileStep(JobRepository jobRepository, PlatformTransactionManager tx, StatementIntake intake,
                       Reconciler reconciler, ReconcileProperties properties) {
        return new StepBuilder("reconcile", jobRepository)
                .tasklet((contribution, chunk) -> {
                    var step = chunk.getStepContext().getStepExecution();
                    LocalDate date = step.getJobExecution().getJobParameters().getLocalDate("businessDate");
                    StatementInbox.Report imported = intake.collect(properties.inbox(), date);
                    ReconcileRun run = reconciler.reconcileDay(date);
                    ExecutionContext ctx = step.getExecutionContext();
                    ctx.putLong("reconcileRun", run.id());
                    ctx.putInt("statementsImported", imported.accepted().size());
                    ctx.putInt("statementsRejected", imported.rejected().size());
                    long lines = run.lines().values().stream().mapToLong(Long::longValue).sum();
                    contribution.incrementWriteCount(lines);
                    String summary = "run #" + run.id() + " " + run.lines() + "; inbox: " + imported.accepted().size()
                            + " imported, " + imported.rejected().size() + " rejected";
                    contribution.setExitStatus(run.allMatched() && imported.rejected().isEmpty()
                            ? ExitStatus.COMPLETED.addExitDescription(summary)
                            : new ExitStatus("COMPLETED_WITH_DIFFERENCES", summary));
                    return RepeatStatus.FINISHED;
                }, tx)
                .build();
    }
}
