package org.idvbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.time.LocalDateTime;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.junit.jupiter.api.Test;

/** The one line a failed job leaves on stderr names what failed, not the step that ran the failed one. */
class FailureLinesTests {

    @Test
    void aHarvestPartitionThatFoundTheDiskFullIsNamedWithThePathNotAsAnUnsuccessfulStep() {
        JobExecution job = new JobExecution(7, new JobInstance(3, "nightly"), new JobParameters());
        StepExecution manager = step(job, 1, "harvest-query", LocalDateTime.now().minusSeconds(5));
        manager.addFailureException(new JobExecutionException("Partition handler returned an unsuccessful step"));
        StepExecution partition = step(job, 2, "harvest-query-worker:tencent-faceid-b1", LocalDateTime.now());
        partition.addFailureException(new UncheckedIOException("cannot write evidence objects to the archive store",
                new FileSystemException("/srv/idv/archive/tencent-faceid/2026/12/06/.tmp-a.tink", null,
                        "No space left on device")));

        assertThat(FailureLines.of(job)).contains("step harvest-query: cannot write evidence objects to the archive"
                + " store (cause: /srv/idv/archive/tencent-faceid/2026/12/06/.tmp-a.tink: No space left on device)");
    }

    @Test
    void aFailedStepOfItsOwnIsNamedWithItsCause() {
        JobExecution job = new JobExecution(8, new JobInstance(4, "nightly"), new JobParameters());
        step(job, 1, "harvest", LocalDateTime.now().minusSeconds(9));
        StepExecution report = step(job, 2, "report", LocalDateTime.now());
        report.addFailureException(new IllegalStateException("cannot write the workbook",
                new java.io.IOException("Read-only file system")));

        assertThat(FailureLines.of(job)).contains("step report: cannot write the workbook (cause: Read-only file"
                + " system)");
    }

    private static StepExecution step(JobExecution job, long id, String name, LocalDateTime started) {
        StepExecution s = new StepExecution(id, name, job);
        s.setStartTime(started);
        job.addStepExecution(s);
        return s;
    }
}
