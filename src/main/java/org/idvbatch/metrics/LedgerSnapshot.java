package org.idvbatch.metrics;

import java.time.Instant;
import java.util.Map;

/** Ledger figures read together at {@code takenAt}; NaN-valued when the database could not be read. */
record LedgerSnapshot(Instant takenAt, Map<String, Long> byState, double atRisk, double archiveBytes,
                      double reconcileDifferences) {

    double sessions(String state) {
        return Double.isNaN(atRisk) ? Double.NaN : byState.getOrDefault(state, 0L);
    }

    static LedgerSnapshot unknown(Instant at) {
        return new LedgerSnapshot(at, Map.of(), Double.NaN, Double.NaN, Double.NaN);
    }
}
