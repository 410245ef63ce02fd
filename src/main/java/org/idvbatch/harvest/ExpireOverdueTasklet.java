package org.idvbatch.harvest;

import org.idvbatch.batch.BatchNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** The harvest's first step: sessions past their retention deadline become EXPIRED_UNHARVESTED, in one statement. */
class ExpireOverdueTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(ExpireOverdueTasklet.class);

    private final OverdueSessionExpiry expiry;

    ExpireOverdueTasklet(OverdueSessionExpiry expiry) {
        this.expiry = expiry;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        int expired = expiry.expireOverdue();
        contribution.incrementWriteCount(expired);
        chunk.getStepContext().getStepExecution().getExecutionContext().putInt(BatchNames.EXPIRED, expired);
        if (expired > 0) {
            log.warn("{} sessions passed their retention deadline unharvested (EXPIRED_UNHARVESTED)", expired);
        }
        return RepeatStatus.FINISHED;
    }
}
