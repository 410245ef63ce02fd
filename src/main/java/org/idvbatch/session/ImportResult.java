package org.idvbatch.session;

/** What {@code import-sessions} did with one file. */
public record ImportResult(long rowsRead, long inserted, long alreadyInLedger) {
}
