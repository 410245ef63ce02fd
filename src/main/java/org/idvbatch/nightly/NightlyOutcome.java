package org.idvbatch.nightly;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/** The execution a request to run {@code nightly} produced, or the earlier one that already completed it. */
public record NightlyOutcome(JobExecution execution, boolean alreadyComplete) {

    public boolean succeeded() {
        return execution.getStatus() == BatchStatus.COMPLETED;
    }
}
