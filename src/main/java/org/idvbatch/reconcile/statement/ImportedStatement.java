package org.idvbatch.reconcile.statement;

import java.time.LocalDate;

/**
 * What storing a statement did: a new version of the provider's statement for the period, or nothing because
 * identical input was imported before and is still the latest (then {@code fileId} and {@code version} are the
 * earlier import's). {@code redeliveryOf}: the new version repeats that earlier statement, which another version
 * had replaced (null otherwise).
 */
public record ImportedStatement(long fileId, String provider, LocalDate periodStart, LocalDate periodEnd,
                              int version, int lines, String encoding, boolean alreadyImported, Long redeliveryOf) {

    public ImportedStatement(long fileId, String provider, LocalDate periodStart, LocalDate periodEnd, int version,
                             int lines, String encoding, boolean alreadyImported) {
        this(fileId, provider, periodStart, periodEnd, version, lines, encoding, alreadyImported, null);
    }

    public String describe() {
        String period = periodStart.equals(periodEnd) ? periodStart.toString() : periodStart + ".." + periodEnd;
        return alreadyImported
                ? "already imported as statement #" + fileId + " (" + provider + " " + period + " version " + version
                        + "); nothing changed"
                : "statement #" + fileId + ": " + provider + " " + period + " version " + version + ", " + lines
                        + " lines (" + encoding + ")" + (redeliveryOf == null ? ""
                        : "; the same as statement #" + redeliveryOf + ", which a later version had replaced: current"
                                + " again");
    }
}
