package org.idvbatch.cli;

import org.idvbatch.batch.BatchNames;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import org.idvbatch.harvest.HarvestTally;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * The short summary every run ends with: one line per step, then the job's status and duration. A partitioned
 * step shows as its manager (counts and tally summed over its partitions); the partitions themselves, named
 * {@code worker:partition} by Spring Batch, are in {@code partition_lease} and the JobRepository.
 */
final class JobSummary {

    private JobSummary() {
    }

    static void print(PrintWriter out, String title, JobExecution job) {
        for (StepExecution step : job.getStepExecutions()) {
            if (step.getStepName().contains(":")) {
                continue;
            }
            out.printf("  %-16s %-9s %-6s written=%d %s%n", step.getStepName(), step.getStatus(),
                    step.getExitStatus().getExitCode(), step.getWriteCount(), describe(step));
        }
        Duration took = job.getStartTime() == null || job.getEndTime() == null ? Duration.ZERO
                : Duration.between(job.getStartTime(), job.getEndTime());
        out.printf("%s: %s (execution %d, %.1f s)%n", title, job.getStatus(), job.getId(), took.toMillis() / 1000.0);
        job.getAllFailureExceptions().stream().findFirst().ifPresent(e -> out.println("  failure: " + e.getMessage()));
    }

    private static String describe(StepExecution step) {
        var ctx = step.getExecutionContext();
        Map<String, Long> tally = HarvestTally.of(ctx);
        if (!tally.isEmpty()) {
            return tally.toString();
        }
        if (ctx.containsKey(BatchNames.REPORT_WORKBOOK)) {
            return "workbook=" + ctx.getString(BatchNames.REPORT_WORKBOOK);
        }
        if (ctx.containsKey(BatchNames.EXPIRED)) {
            return "expired_unharvested=" + ctx.getInt(BatchNames.EXPIRED);
        }
        if (ctx.containsKey(BatchNames.AT_RISK)) {
            return "at_risk=" + ctx.getLong(BatchNames.AT_RISK);
        }
        return step.getExitStatus().getExitDescription();
    }
}
