package org.idvbatch.audit;

/**
 * A break audit-verify found: in which table (or {@code audit_digest} for a digest object), at which row (the chain
 * position, and the row's key where the row is there), what changed, and the first digest that disagrees (null: no
 * digest covers the row yet).
 *
 * @param table  the audit table, or {@code audit_digest}
 * @param seq    the row's place in its table's chain ({@code chain_seq}); for a digest, 0
 * @param row    the row's key (its id), the range of missing positions, or the digest's business date
 * @param kind   what changed
 * @param digest the business date of the first digest that disagrees, or null
 * @param detail one line, never personal data (hashes and positions only)
 */
public record ChainBreak(String table, long seq, String row, Kind kind, String digest, String detail) {

    /** What an insider did, as far as the chain shows it. */
    public enum Kind {
        /** the row's content no longer hashes to its recorded hash, or its link to the row before it differs */
        MODIFIED,
        /** rows are missing from the chain (in the middle, or the newest ones) */
        DELETED,
        /** a row not chained by the trigger, or a second row at the same position */
        INSERTED,
        /** rows whose ids were exchanged: each hashes as it was under the other's id */
        REORDERED,
        /** every row of the table after its anchor is gone */
        TRUNCATED,
        /** a digest object that is not the one written, or whose signature does not verify with the key */
        FORGED
    }

    String line() {
        return table + " " + (seq > 0 ? "#" + seq + " " : "") + "(" + row + "): " + kind.name().toLowerCase()
                + (digest == null ? "" : ", first disagreeing digest " + digest) + " - " + detail;
    }
}
