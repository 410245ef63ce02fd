package org.idvbatch.report;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The run a workbook belongs to; the business date is a day in Asia/Shanghai.
 *
 * @param runId        the nightly job execution, null for a report made on demand with no nightly run
 * @param archiveCheck what this run's archive check found ({@link ArchiveCheck#NOT_RUN} outside nightly)
 */
public record RunInfo(LocalDate businessDate, Long runId, Instant startedAt, String version,
                      ArchiveCheck archiveCheck) {

    public RunInfo {
        archiveCheck = archiveCheck == null ? ArchiveCheck.NOT_RUN : archiveCheck;
    }

    public RunInfo(LocalDate businessDate, Long runId, Instant startedAt, String version) {
        this(businessDate, runId, startedAt, version, ArchiveCheck.NOT_RUN);
    }
}
