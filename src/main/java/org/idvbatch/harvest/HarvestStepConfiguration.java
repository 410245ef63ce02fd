package org.idvbatch.harvest;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The harvest stage as a step of {@code nightly}. */
@Configuration(proxyBeanMethods = false)
class HarvestStepConfiguration {

    @Bean
    Step harvestStep(JobRepository jobRepository, PlatformTransactionManager tx, OverdueSessionExpiry expiry) {
        return new StepBuilder("harvest", jobRepository)
                .tasklet((contribution, chunk) -> {
                    int expired = expiry.expireOverdue();
                    contribution.incrementWriteCount(expired);
                    chunk.getStepContext().getStepExecution().getExecutionContext().putInt("expired", expired);
                    return RepeatStatus.FINISHED;
                }, tx)
                .build();
    }
}
