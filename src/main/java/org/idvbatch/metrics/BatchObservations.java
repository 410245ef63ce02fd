package org.idvbatch.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Batch's own observations, exposed as Spring Batch names them ({@code spring_batch_job_seconds},
 * {@code spring_batch_step_seconds}, {@code spring_batch_item_read_seconds}, {@code spring_batch_item_process_seconds},
 * {@code spring_batch_chunk_write_seconds}, {@code spring_batch_job_launch_count_total} and the {@code *_active_seconds}
 * long-task timers).
 *
 * <p>Boot's {@code BatchObservabilityBeanPostProcessor} hands the auto-configured {@link ObservationRegistry} to the
 * job and step <em>beans</em>; the steps built inside a bean method (the nightly's harvest stage, the archive's phases,
 * housekeeping's rules, the catch-up's step) are given it where they are built. It never reaches the
 * {@code JobOperator}, which Spring Batch 6.0.4 wraps in a JDK proxy (spring-batch#5463, fixed after 6.0.4): without
 * this post-processor the launch counter stays on the no-op registry. The unwrapped operator is given the registry.
 *
 * <p>Observation timers carry no description, and a Prometheus exposition without HELP is one {@code promtool check
 * metrics} complains about: {@link #descriptions()} gives Spring Batch's and the HTTP server's theirs.
 */
@Configuration(proxyBeanMethods = false)
class BatchObservations {

    static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("spring.batch.job", "Spring Batch job executions that ended, by job name and status"),
            Map.entry("spring.batch.job.active", "Spring Batch job executions running now"),
            Map.entry("spring.batch.step", "Spring Batch step executions that ended, by step name and status"),
            Map.entry("spring.batch.step.active", "Spring Batch step executions running now"),
            Map.entry("spring.batch.item.read", "Items read by chunk-oriented steps, by step and outcome"),
            Map.entry("spring.batch.item.read.active", "Item reads in progress"),
            Map.entry("spring.batch.item.process", "Items processed by chunk-oriented steps, by step and outcome"),
            Map.entry("spring.batch.item.process.active", "Item processings in progress"),
            Map.entry("spring.batch.chunk.write", "Chunks written by chunk-oriented steps, by step and outcome"),
            Map.entry("spring.batch.chunk.write.active", "Chunk writes in progress"),
            Map.entry("spring.batch.job.launch.count", "Job launches through the JobOperator (the launch itself)"),
            Map.entry("spring.batch.job.launch.count.active", "Job launches in progress"),
            Map.entry("http.server.requests", "HTTP requests the daemon answered (console and actuator)"),
            Map.entry("http.server.requests.active", "HTTP requests the daemon is answering now"));

    /** Gives the JobOperator (behind its proxy) the registry Boot configured; see the class comment. */
    @Bean
    static BeanPostProcessor jobOperatorObservations(ObjectProvider<ObservationRegistry> registry) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                Object target = AopProxyUtils.getSingletonTarget(bean);
                Object operator = target != null ? target : bean;
                if (operator instanceof TaskExecutorJobOperator o) {
                    ObservationRegistry r = registry.getIfAvailable();
                    if (r != null) {
                        o.setObservationRegistry(r);
                    }
                }
                return bean;
            }
        };
    }

    /** HELP text for the meters that observations create without one. */
    @Bean
    MeterFilter descriptions() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String description = DESCRIPTIONS.get(id.getName());
                if (description == null || id.getDescription() != null) {
                    return id;
                }
                return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description,
                        id.getType());
            }
        };
    }
}
