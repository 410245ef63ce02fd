package org.idvbatch.batch;

import java.time.LocalDate;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/** The parameters that identify a nightly run: its business date (one job instance per date). */
public final class NightlyParameters {

    private NightlyParameters() {
    }

    public static JobParameters of(LocalDate businessDate) {
        return new JobParametersBuilder().addLocalDate(BatchNames.BUSINESS_DATE, businessDate, true)
                .toJobParameters();
    }

    /** The business date of a nightly run's parameters, or null when they have none. */
    public static LocalDate businessDate(JobParameters parameters) {
        return parameters == null ? null : parameters.getLocalDate(BatchNames.BUSINESS_DATE);
    }
}
