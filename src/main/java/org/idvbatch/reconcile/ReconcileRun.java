package org.idvbatch.reconcile;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** One stored reconciliation: its id, the days it covered and how many lines ended in each status. */
public record ReconcileRun(long id, LocalDate from, LocalDate to, Map<ReconcileStatus, Long> lines) {

    public ReconcileRun {
        Map<ReconcileStatus, Long> ordered = new EnumMap<>(ReconcileStatus.class); // prints in verdict order
        ordered.putAll(lines);
        lines = Collections.unmodifiableMap(ordered);
    }

    public long count(ReconcileStatus status) {
        return lines.getOrDefault(status, 0L);
    }

    /** Every line matched, or awaits a provider side that is not due yet: nothing to look at. */
    public boolean allMatched() {
        return lines.keySet().stream().noneMatch(ReconcileStatus::isFinding);
    }
}
