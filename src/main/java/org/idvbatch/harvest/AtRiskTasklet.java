package org.idvbatch.harvest;

import java.time.Duration;
import org.idvbatch.batch.BatchNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** The harvest's last step: counts the open sessions whose retention deadline is within the at-risk margin. */
class AtRiskTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(AtRiskTasklet.class);

    private final AtRiskSessions atRisk;
    private final Duration margin;

    AtRiskTasklet(AtRiskSessions atRisk, Duration margin) {
        this.atRisk = atRisk;
        this.margin = margin;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        long n = atRisk.count(margin);
        chunk.getStepContext().getStepExecution().getExecutionContext().putLong(BatchNames.AT_RISK, n);
        if (n > 0) {
            log.warn("{} open sessions are at risk: retention deadline within {}; first: {}", n, margin,
                    atRisk.first(margin, 10));
        }
        return RepeatStatus.FINISHED;
    }
}
