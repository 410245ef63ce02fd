package org.idvbatch.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.idvbatch.housekeeping.HousekeepingForecast;
import org.idvbatch.session.LedgerMonths;

/**
 * The {@code status} command's answer; also its JSON shape.
 *
 * @param housekeeping what the next nightly's housekeeping will remove, per rule, and when it runs
 * @param ledgerMonths the ledger's size per month, oldest first: removed months, then live ones (estimated)
 */
public record StatusSnapshot(Map<String, Long> sessions, Map<String, Map<String, Long>> sessionsByProvider,
                             List<OpenDeadline> nearestDeadlines, List<JobRun> jobs, long legalHoldCount,
                             List<LegalHold> legalHolds, HousekeepingForecast.Forecast housekeeping,
                             List<LedgerMonths.MonthSize> ledgerMonths) {

    /** A session under legal hold: never purged or erased until released. */
    public record LegalHold(long sessionId, String provider, Instant placedAt, String placedBy, String reason) {
    }

    /** An open session and the instant its provider forgets it. */
    public record OpenDeadline(long sessionId, String provider, String state, Instant retentionDeadline) {
    }

    public record JobRun(long executionId, String job, String parameters, String status, String exitCode,
                         Instant startedAt, Instant endedAt) {
    }
}
