package org.idvbatch.report;

import java.time.Instant;
import java.time.LocalDate;

/** The run a workbook belongs to; the business date is a day in Asia/Shanghai. */
public record RunInfo(LocalDate businessDate, long runId, Instant startedAt, String version) {
}
