package org.idvbatch.audit;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.audit.ChainBreak.Kind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The chains in the database: their heads (what a digest records) and the set-based walk that recomputes a table's
 * chain from a starting point and returns only the rows where it breaks.
 */
@Component
class AuditChains {

    static final HexFormat HEX = HexFormat.of();

    /**
     * Every table's head and anchor, and the rows its chain holds: the positions after the anchor less those a
     * sanctioned removal took from the middle (a few, until the rows before them go too). From the chain's own
     * bookkeeping, not by counting the table: a night's digest costs the same after years of receipts. A row deleted
     * behind the triggers' back is not subtracted here; the walk names it.
     */
    private static final String HEADS = """
            SELECT c.table_name, c.seq, c.head, c.anchor_seq, c.anchor_hash,
                   c.seq - c.anchor_seq - (SELECT count(*) FROM audit_chain_removed r
                                            WHERE r.table_name = c.table_name AND r.chain_seq > c.anchor_seq) AS rows
              FROM audit_chain c ORDER BY c.table_name
            """;
    /** Whether a table has no row at all (what tells a TRUNCATE from a deletion): reads at most one row. */
    private static final String EMPTY = "SELECT NOT EXISTS (SELECT 1 FROM {table})";
    /** The hash of the row at a position, whether the row is there or a sanctioned removal took it. */
    private static final String HASH_AT = """
            SELECT row_hash FROM {table} WHERE chain_seq = :seq
            UNION ALL
            SELECT row_hash FROM audit_chain_removed WHERE table_name = :table AND chain_seq = :seq
            LIMIT 1
            """;
    /**
     * The last position from {@code :from} on, whether its row is there or was removed: the rows from there are read
     * through the block-range index, not the whole table (the nightly verifies from the last digest).
     */
    private static final String LAST = """
            SELECT greatest((SELECT max(chain_seq) FROM {table} WHERE chain_seq >= :from),
                            (SELECT max(chain_seq) FROM audit_chain_removed
                              WHERE table_name = :table AND chain_seq >= :from))
            """;
    /** Whether any position after the anchor is left, row or removal: what tells TRUNCATED from DELETED. */
    private static final String ANY_AFTER = """
            SELECT EXISTS (SELECT 1 FROM {table} WHERE chain_seq > :anchor)
                OR EXISTS (SELECT 1 FROM audit_chain_removed WHERE table_name = :table AND chain_seq > :anchor)
            """;
    /**
     * The chain after position {@code from} (whose hash is {@code fromHash}), recomputed: the rows whose content does
     * not hash to their row_hash, whose prev_hash is not the row before's, that follow a gap, share a position, or
     * were never chained. A sanctioned removal's hash stands in for its row.
     */
    private static final String WALK = """
            WITH chain AS (
                SELECT t.chain_seq AS seq, ({key}) AS row_key, false AS removed, t.prev_hash, t.row_hash,
                       t.chain_seq IS NULL OR t.row_hash IS DISTINCT FROM audit_hash(t.prev_hash, audit_content_{table}(t)) AS altered
                  FROM {table} t WHERE t.chain_seq > :from OR t.chain_seq IS NULL
                UNION ALL
                SELECT r.chain_seq, NULL, true, NULL, r.row_hash, false
                  FROM audit_chain_removed r WHERE r.table_name = :table AND r.chain_seq > :from
            ), linked AS (
                SELECT c.*, lag(c.seq) OVER w AS before_seq, lag(c.row_hash) OVER w AS before_hash,
                       count(*) OVER (PARTITION BY c.seq) AS copies
                  FROM chain c WINDOW w AS (ORDER BY c.seq NULLS LAST, c.removed, c.row_key)
            )
            SELECT seq, row_key, removed, altered, copies, coalesce(before_seq, :from) AS before_seq,
                   (NOT removed AND seq IS NOT NULL
                    AND prev_hash IS DISTINCT FROM coalesce(before_hash, :fromHash)) AS unlinked
              FROM linked
             WHERE seq IS NULL OR copies > 1 OR altered OR coalesce(before_seq, :from) <> seq - 1
                OR (NOT removed AND prev_hash IS DISTINCT FROM coalesce(before_hash, :fromHash))
             ORDER BY seq NULLS LAST, row_key
            """;
    /** Of rows that do not hash, those that hash as they were under another of them's id: the ids were exchanged. */
    private static final String EXCHANGED = """
            SELECT a.chain_seq, b.id FROM {table} a JOIN {table} b ON b.chain_seq = ANY (:seqs::bigint[]) AND b.id <> a.id
             WHERE a.chain_seq = ANY (:seqs::bigint[])
               AND audit_hash(a.prev_hash, audit_content_{table}(jsonb_populate_record(a, jsonb_build_object('id', b.id))))
                   = a.row_hash
            """;

    private final JdbcClient jdbc;

    AuditChains(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A table's chain: its last position and hash, and the anchor the rest verifies from. */
    record Head(String table, long seq, byte[] head, long anchorSeq, byte[] anchorHash, long rows) {
    }

    Map<String, Head> heads() {
        Map<String, Head> heads = new LinkedHashMap<>();
        jdbc.sql(HEADS).query((rs, i) -> new Head(rs.getString(1), rs.getLong(2), rs.getBytes(3), rs.getLong(4),
                rs.getBytes(5), rs.getLong(6))).list().forEach(h -> heads.put(h.table(), h));
        return heads;
    }

    /** Whether the table holds no row at all, whatever its chain says. */
    boolean empty(String table) {
        return jdbc.sql(EMPTY.replace("{table}", AuditTables.of(table).table)).query(Boolean.class).single();
    }

    /** The hash at {@code seq}, or null when no row (nor a sanctioned removal's record) is there. */
    byte[] hashAt(String table, long seq) {
        return jdbc.sql(HASH_AT.replace("{table}", AuditTables.of(table).table)).param("seq", seq)
                .param("table", table).query(byte[].class).optional().orElse(null);
    }

    /**
     * The breaks after position {@code from} ({@code fromHash}) up to the recorded head; {@code digestCovering}
     * names the first digest that counts a position (null: none yet).
     */
    List<ChainBreak> walk(Head head, long from, byte[] fromHash, java.util.function.LongFunction<String> digestCovering) {
        AuditTables t = AuditTables.of(head.table());
        List<ChainBreak> breaks = new ArrayList<>();
        record Row(Long seq, String key, boolean removed, boolean altered, long copies, long beforeSeq,
                   boolean unlinked) {
        }
        List<Row> rows = jdbc.sql(WALK.replace("{table}", t.table).replace("{key}", t.key))
                .param("from", from).param("fromHash", fromHash).param("table", t.table)
                .query((rs, i) -> new Row(rs.getObject(1, Long.class), rs.getString(2), rs.getBoolean(3),
                        rs.getBoolean(4), rs.getLong(5), rs.getLong(6), rs.getBoolean(7))).list();
        Map<Long, String> exchanged = new LinkedHashMap<>();
        if (t.hasId()) {
            Long[] altered = rows.stream().filter(r -> r.altered() && r.seq() != null).map(Row::seq)
                    .toArray(Long[]::new);
            if (altered.length > 1) {
                jdbc.sql(EXCHANGED.replace("{table}", t.table)).param("seqs", altered)
                        .query((rs, i) -> Map.entry(rs.getLong(1), rs.getString(2))).list()
                        .forEach(e -> exchanged.put(e.getKey(), e.getValue()));
            }
        }
        for (Row r : rows) {
            if (r.seq() == null) {
                breaks.add(new ChainBreak(t.table, 0, r.key(), Kind.INSERTED, null,
                        "a row the chain's trigger never saw (no chain position)"));
                continue;
            }
            String digest = digestCovering.apply(r.seq());
            if (r.copies() > 1) {
                breaks.add(new ChainBreak(t.table, r.seq(), r.key(), Kind.INSERTED, digest,
                        r.copies() + " rows at one chain position"));
                continue;
            }
            if (r.beforeSeq() < r.seq() - 1) {
                long first = r.beforeSeq() + 1;
                breaks.add(new ChainBreak(t.table, first, "#" + first + (first == r.seq() - 1 ? "" : "..#"
                        + (r.seq() - 1)), Kind.DELETED, digestCovering.apply(first),
                        (r.seq() - first) + " row(s) missing before " + r.key()));
            }
            if (exchanged.containsKey(r.seq())) {
                breaks.add(new ChainBreak(t.table, r.seq(), r.key(), Kind.REORDERED, digest,
                        "the row was chained as id " + exchanged.get(r.seq())));
            } else if (r.altered()) {
                breaks.add(new ChainBreak(t.table, r.seq(), r.key(), Kind.MODIFIED, digest,
                        "its content no longer hashes to its recorded row_hash"));
            } else if (r.unlinked() && r.beforeSeq() == r.seq() - 1) {
                breaks.add(new ChainBreak(t.table, r.seq(), r.key(), Kind.MODIFIED, digest,
                        "its prev_hash is not the hash of the row before it (that row was rewritten)"));
            }
        }
        Long last = jdbc.sql(LAST.replace("{table}", t.table)).param("table", t.table).param("from", from)
                .query(Long.class).optional().orElse(null);
        long end = last == null ? from : Math.max(last, from);
        if (head.seq() > end) {
            long first = end + 1;
            boolean empty = last == null ? !jdbc.sql(ANY_AFTER.replace("{table}", t.table)).param("table", t.table)
                    .param("anchor", head.anchorSeq()).query(Boolean.class).single() : last <= head.anchorSeq();
            breaks.add(new ChainBreak(t.table, first, "#" + first + (first == head.seq() ? "" : "..#" + head.seq()),
                    empty ? Kind.TRUNCATED : Kind.DELETED, digestCovering.apply(first), empty
                            ? "every row after the anchor (#" + head.anchorSeq() + ") is gone"
                            : "the newest " + (head.seq() - end) + " row(s) are gone"));
        } else if (last != null && head.seq() > head.anchorSeq() && head.seq() >= from) {
            byte[] at = hashAt(t.table, head.seq());
            if (at != null && !java.util.Arrays.equals(at, head.head())) {
                breaks.add(new ChainBreak(t.table, head.seq(), "#" + head.seq(), Kind.MODIFIED,
                        digestCovering.apply(head.seq()), "the newest row's hash is not the chain's recorded head"));
            }
            if (last > head.seq()) {
                breaks.add(new ChainBreak(t.table, head.seq() + 1, "#" + (head.seq() + 1) + "..#" + last,
                        Kind.INSERTED, null, "rows past the chain's recorded head " + head.seq()));
            }
        }
        return breaks;
    }
}
