package org.idvbatch.nightly;

import org.idvbatch.batch.BatchNames;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/** A nightly run is identified by its business date; without one it is not a run of anything. */
final class BusinessDateValidator implements JobParametersValidator {

    @Override
    public void validate(JobParameters parameters) throws InvalidJobParametersException {
        if (parameters == null || parameters.getLocalDate(BatchNames.BUSINESS_DATE) == null) {
            throw new InvalidJobParametersException("nightly needs the job parameter businessDate (LocalDate)");
        }
    }
}
