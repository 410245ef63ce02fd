package org.idvbatch.metrics;

import org.idvbatch.batch.BatchNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.idvbatch.harvest.HarvestTally;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * Feeds the harvest counters from a finished {@code harvest} or {@code nightly} job: the query step's
 * {@link HarvestTally} and the expire step's count. A restarted step inherits its predecessor's context, so
 * what was already counted is remembered in the step's context ({@code metered.*}) and only the difference
 * is added: every session is counted once.
 *
 * <ul>
 *   <li>{@code idv.harvest.sessions{provider,result}}: sessions queried, by the state they were left in
 *       ({@code RETRY_LATER} = no answer this run)</li>
 *   <li>{@code idv.harvest.throttled}, {@code idv.harvest.retried}: provider calls throttled / retried</li>
 *   <li>{@code idv.harvest.evidence}: evidence objects fetched and archived</li>
 *   <li>{@code idv.sessions.expired}: sessions that passed their retention deadline unharvested</li>
 * </ul>
 */
@Component
class HarvestMetrics implements JobExecutionListener {

    private static final String METERED = "metered.";

    private final MeterRegistry registry;
    private final JobRepository jobRepository;

    HarvestMetrics(MeterRegistry registry, JobRepository jobRepository) {
        this.registry = registry;
        this.jobRepository = jobRepository;
    }

    @Override
    public void afterJob(JobExecution job) {
        for (StepExecution step : job.getStepExecutions()) {
            switch (step.getStepName()) {
                case BatchNames.HARVEST_QUERY_STEP -> meter(step, HarvestTally.of(step.getExecutionContext()));
                case BatchNames.HARVEST_EXPIRE_STEP -> meter(step, Map.of(BatchNames.EXPIRED,
                        (long) step.getExecutionContext().getInt(BatchNames.EXPIRED, 0)));
                default -> { }
            }
        }
    }

    private void meter(StepExecution step, Map<String, Long> tally) {
        ExecutionContext ctx = step.getExecutionContext();
        boolean changed = false;
        for (var e : tally.entrySet()) {
            if (e.getKey().startsWith("state.")) {
                continue; // the same sessions as provider.<code>.<result>, without the provider
            }
            long delta = e.getValue() - ctx.getLong(METERED + e.getKey(), 0L);
            if (delta > 0) {
                counter(e.getKey()).increment(delta);
                ctx.putLong(METERED + e.getKey(), e.getValue());
                changed = true;
            }
        }
        if (changed) {
            jobRepository.updateExecutionContext(step);
        }
    }

    /** Tally keys: {@code provider.<code>.<result>}, {@code throttled}, {@code retried}, {@code expired}. */
    private Counter counter(String key) {
        if (key.startsWith("provider.")) {
            String rest = key.substring("provider.".length());
            int dot = rest.lastIndexOf('.');
            return Counter.builder("idv.harvest.sessions").description("Sessions queried, by resulting state")
                    .tag("provider", rest.substring(0, dot)).tag("result", rest.substring(dot + 1)).register(registry);
        }
        return switch (key) {
            case "throttled" -> Counter.builder("idv.harvest.throttled")
                    .description("Provider calls answered with a throttling error").register(registry);
            case "retried" -> Counter.builder("idv.harvest.retried")
                    .description("Provider calls retried within a run").register(registry);
            case "expired" -> Counter.builder("idv.sessions.expired")
                    .description("Sessions that passed their retention deadline unharvested").register(registry);
            case "evidence" -> Counter.builder("idv.harvest.evidence")
                    .description("Evidence objects fetched and archived").register(registry);
            case "evidence_gone" -> Counter.builder("idv.harvest.evidence.gone")
                    .description("Evidence items the provider no longer had (session marked MISSING)")
                    .register(registry);
            default -> Counter.builder("idv.harvest.other").tag("key", key).register(registry);
        };
    }
}
