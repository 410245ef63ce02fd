package org.idvbatch.audit;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What audit-verify found.
 *
 * @param from     the first business date asked for (null: everything kept)
 * @param rows     per table, the chain positions recomputed
 * @param digests  digest objects read and checked
 * @param breaks   each break, in table then chain order; empty when the trail is whole
 */
public record AuditVerification(LocalDate from, Map<String, Long> rows, int digests, List<ChainBreak> breaks) {

    public boolean whole() {
        return breaks.isEmpty();
    }

    /** One line per break, then the verdict. */
    public List<String> lines() {
        List<String> lines = new java.util.ArrayList<>(breaks.stream().map(ChainBreak::line).toList());
        lines.add(String.format("audit-verify: %d chained rows in %d tables checked against %d digests%s: %s",
                rows.values().stream().mapToLong(Long::longValue).sum(), rows.size(), digests,
                from == null ? "" : " from " + from, whole() ? "WHOLE" : breaks.size() + " BREAK(S)"));
        return lines;
    }
}
