package org.idvbatch.bench.scale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.idvbatch.harvest.OverdueSessionExpiry;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes history out of one real night: every row that night wrote in the ledger, the reconciliation, the
 * statements, the audit trails and the job repository is copied once per day of history, its times and dates
 * moved back (or, for a later day, forward) by that many days, its ids moved by a multiple of {@code STRIDE} that
 * is the day's own (the foreign keys to copied rows with them) and the text of unique keys that nothing else makes
 * unique marked with the day. A caller writes the days oldest first, as a ledger grows: the table's physical order
 * then follows time, as the planner's statistics and the block-range indexes of a real ledger see it. The copies have the shapes, sizes
 * and index entries of real nights, without a night's run per day of history.
 *
 * <p>The night's rows are first set aside ({@link #templateOfTheNight}); each {@link #copy} inserts from that
 * template, one set-based {@code INSERT ... SELECT} per table and day. The columns, keys and unique indexes are
 * read from the catalog, so a migration that adds a column is copied without a change here.
 */
final class HistoryCloner {

    /**
     * Ids of a copy made k days back are the night's ids plus k times this, of a copy k days forward plus
     * (MAX_DAYS + k) times this: ids of real runs stay far below, and no two days share a range.
     */
    static final long STRIDE = 1_000_000_000_000L;
    /** Days of copies each way whose ids still fit a bigint (2 x 9,000 x STRIDE of 9.2 x 10^18). */
    static final int MAX_DAYS = 9_000;

    /** The tables a night writes into and a year of history fills. */
    static final List<String> TABLES = List.of("verification_session", "evidence_archive", "billable_call",
            "provider_call", "provider_deletion", "provider_deletion_check", "statement_file", "statement_line",
            "reconcile_run", "reconcile_day",
            "reconcile_line", "reconcile_result", "reconcile_call", "reconcile_call_tally", "operator_action",
            "console_audit", "evidence_audit", "batch_job_instance", "batch_job_execution",
            "batch_job_execution_params", "batch_job_execution_context", "batch_step_execution",
            "batch_step_execution_context");

    private record Column(String name, String type, Integer length, boolean identity) {
    }

    private record ForeignKey(String column, String parent, String parentColumn) {
    }

    /**
     * References to a session that keep no foreign key (migration V92 says why), per table: copied, shifted and
     * ordered as if they had one.
     */
    private static final Map<String, ForeignKey> UNDECLARED = Map.of(
            "billable_call", new ForeignKey("session_id", "verification_session", "id"),
            "reconcile_call", new ForeignKey("session_id", "verification_session", "id"),
            "operator_action", new ForeignKey("session_id", "verification_session", "id"),
            "evidence_audit", new ForeignKey("session_id", "verification_session", "id"),
            // a confirming read names the receipt it follows (V112): shifted with it, so that the copied read
            // confirms the copied receipt and the history awaits no confirmation
            "provider_deletion_check", new ForeignKey("receipt_id", "provider_deletion", "id"));

    private final JdbcTemplate jdbc;
    private final OverdueSessionExpiry expiry;
    private final Map<String, String> insertByTable = new LinkedHashMap<>();

    HistoryCloner(JdbcTemplate jdbc, OverdueSessionExpiry expiry) {
        this.jdbc = jdbc;
        this.expiry = expiry;
    }

    /**
     * Sets the rows now in the tables aside as the night every copy is made of; returns rows per table. Sessions
     * the night left open are not part of it (copied back in time they would be due, and expire, in every later
     * night), nor is what refers to them.
     */
    Map<String, Long> templateOfTheNight() {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : present()) {
            List<String> where = new ArrayList<>();
            if (table.equals("verification_session")) {
                where.add("state NOT IN ('PENDING', 'PROCESSING')");
            }
            for (ForeignKey fk : foreignKeys(table)) {
                if (!fk.parent().equals(table)) {
                    where.add("(" + fk.column() + " IS NULL OR " + fk.column() + " IN (SELECT " + fk.parentColumn()
                            + " FROM scale_template_" + fk.parent() + "))");
                }
            }
            jdbc.execute("DROP TABLE IF EXISTS scale_template_" + table);
            jdbc.execute("CREATE UNLOGGED TABLE scale_template_" + table + " AS SELECT * FROM " + table
                    + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)));
            rows.put(table, jdbc.queryForObject("SELECT count(*) FROM scale_template_" + table, Long.class));
            insertByTable.put(table, insert(table));
        }
        return rows;
    }

    /** Copies the night {@code day} days back, or {@code -day} days forward when negative; returns the rows written. */
    long copy(int day) {
        if (day == 0 || Math.abs(day) >= MAX_DAYS) {
            throw new IllegalArgumentException("day " + day + " outside -" + (MAX_DAYS - 1) + "..-1 and 1.."
                    + (MAX_DAYS - 1));
        }
        long stride = day > 0 ? day : MAX_DAYS - (long) day;
        long written = 0;
        for (Map.Entry<String, String> e : insertByTable.entrySet()) {
            written += jdbc.update(e.getValue().replace(":stride", Long.toString(stride))
                    .replace(":day", "(" + day + ")"));
        }
        return written;
    }

    /**
     * What the nights between would have done by {@code night}: a session still open or in ERROR whose retention
     * deadline passed is expired, as the harvest's overdue expiry does every night. Without it, the first timed night
     * after a stretch of copied days would expire every copied failure, and every open session of the earlier timed
     * night, at once: a cost no real night has. The harvest's own expiry, with the night's instant for its clock.
     */
    long expireOverdue(java.time.Instant night) {
        return expiry.expireOverdueAt(night);
    }

    /**
     * Where the identity-retention rule's mark (V90) would be after the nights between, each of which looked at its
     * day's new sessions: every copied session seen, and the cutoff {@code nights} days on. The ledger's next
     * session ids are moved above the copies', as a real ledger's next day's ids are above its history's. Without
     * it, the first timed night after a stretch of copies looked at every copied session as new (their ids are above
     * the last night's): the whole history in one pass, a cost no real night has.
     */
    void settleIdentityMark(long nights) {
        long highest = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM verification_session", Long.class);
        jdbc.update("""
                UPDATE identity_retention_mark
                   SET seen_through = ?, recheck_from = ?, pass_through = NULL, pass_cursor = NULL,
                       pass_started_at = NULL, expired_before = expired_before + make_interval(days => ?)
                """, highest, highest, (int) nights);
        jdbc.execute("ALTER TABLE verification_session ALTER COLUMN id RESTART WITH " + (highest + 1));
    }

    /**
     * What autovacuum would have done over the months: planner statistics, the visibility map, and the BRIN
     * summaries of the new pages (a BRIN index scans every unsummarized range, and history is never that fresh).
     */
    void vacuum() {
        for (String table : insertByTable.keySet()) {
            jdbc.execute("VACUUM (ANALYZE) " + table);
        }
    }

    /** The tables that exist, each after every table of the set it refers to. */
    private List<String> present() {
        List<String> remaining = new ArrayList<>();
        for (String t : TABLES) {
            Boolean exists = jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, t);
            if (Boolean.TRUE.equals(exists)) {
                remaining.add(t);
            }
        }
        List<String> ordered = new ArrayList<>();
        while (!remaining.isEmpty()) {
            String next = remaining.stream().filter(t -> parents(t).stream()
                    .noneMatch(p -> !p.equals(t) && remaining.contains(p))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("foreign keys in a cycle among " + remaining));
            ordered.add(next);
            remaining.remove(next);
        }
        return ordered;
    }

    private List<String> parents(String table) {
        return allForeignKeys(table).stream().map(ForeignKey::parent).toList();
    }

    private String insert(String table) {
        List<Column> columns = jdbc.query("""
                SELECT column_name, data_type, character_maximum_length, is_identity = 'YES'
                  FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'
                 ORDER BY ordinal_position""", (rs, i) -> new Column(rs.getString(1), rs.getString(2),
                (Integer) rs.getObject(3), rs.getBoolean(4)), table);
        Set<String> shiftedIds = new LinkedHashSet<>(jdbc.queryForList("""
                SELECT a.attname FROM pg_constraint c
                  JOIN LATERAL unnest(c.conkey) AS k(n) ON true
                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n
                 WHERE c.conrelid = ?::regclass AND c.contype = 'p'""", String.class, table));
        List<String> parentExists = new ArrayList<>();
        for (ForeignKey fk : foreignKeys(table)) {
            shiftedIds.add(fk.column());
            // a parent's copy that collided with a real row was skipped: so are the rows that refer to it
            parentExists.add("(t." + fk.column() + " IS NULL OR EXISTS (SELECT 1 FROM " + fk.parent() + " p WHERE p."
                    + fk.parentColumn() + " = t." + fk.column() + " + :stride * " + STRIDE + "::bigint))");
        }
        shiftedIds.removeIf(c -> columns.stream().noneMatch(col -> col.name().equals(c) && isWholeNumber(col)));
        Set<String> markedText = new LinkedHashSet<>();
        for (String[] key : uniqueKeys(table)) {
            boolean madeUnique = false;
            for (String c : key) {
                Column col = column(columns, c);
                madeUnique |= col == null || shiftedIds.contains(c) || isTime(col) || col.type().equals("date");
            }
            if (!madeUnique) { // the key's last text column (a reference, a job key), never a name or a kind
                for (int i = key.length - 1; i >= 0; i--) {
                    if (isText(column(columns, key[i]))) {
                        markedText.add(key[i]);
                        break;
                    }
                }
            }
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Column c : columns) {
            names.add(c.name());
            values.add(value(c, shiftedIds, markedText));
        }
        boolean identity = columns.stream().anyMatch(Column::identity);
        // the night also wrote rows of earlier days (the catch-up's statements, its reconciliations): a copy that
        // lands on a day that already has its own is skipped
        return "INSERT INTO " + table + " (" + String.join(", ", names) + ")"
                + (identity ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + String.join(", ", values)
                + " FROM scale_template_" + table + " t"
                + (parentExists.isEmpty() ? "" : " WHERE " + String.join(" AND ", parentExists))
                + " ON CONFLICT DO NOTHING";
    }

    private static String value(Column c, Set<String> shiftedIds, Set<String> markedText) {
        String n = "t." + c.name();
        if (shiftedIds.contains(c.name())) {
            return n + " + :stride * " + STRIDE + "::bigint";
        }
        if (isTime(c)) {
            return n + " - make_interval(days => :day)";
        }
        if (c.type().equals("date")) {
            return n + " - :day";
        }
        if (markedText.contains(c.name())) {
            String marked = "'~' || :day";
            return c.length() == null ? n + " || " + marked : "left(" + n + ", " + (c.length() - 6) + ") || " + marked;
        }
        if (c.name().equals("parameter_value")) { // the job repository's business-date parameter follows its day
            return "CASE WHEN " + n + " ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN (" + n + "::date - :day)::text ELSE " + n
                    + " END";
        }
        return n;
    }

    /** The table's single-column foreign keys to tables of the set. */
    private List<ForeignKey> foreignKeys(String table) {
        return allForeignKeys(table).stream().filter(fk -> fk.column() != null && TABLES.contains(fk.parent()))
                .toList();
    }

    /**
     * Every foreign key of the table, and its undeclared reference; column and parent column only where the key has
     * one column.
     */
    private List<ForeignKey> allForeignKeys(String table) {
        List<ForeignKey> keys = new ArrayList<>(jdbc.query("""
                SELECT CASE WHEN cardinality(c.conkey) = 1 THEN a.attname END, lower(c.confrelid::regclass::text),
                       CASE WHEN cardinality(c.conkey) = 1 THEN pa.attname END
                  FROM pg_constraint c
                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                  JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
                 WHERE c.conrelid = ?::regclass AND c.contype = 'f'""",
                (rs, i) -> new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3)), table));
        if (UNDECLARED.containsKey(table)) {
            keys.add(UNDECLARED.get(table));
        }
        return keys;
    }

    private List<String[]> uniqueKeys(String table) {
        return jdbc.query("""
                SELECT array_agg(a.attname::text ORDER BY k.ord) FROM pg_index i
                  JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(n, ord) ON true
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n
                 WHERE i.indrelid = ?::regclass AND i.indisunique
                 GROUP BY i.indexrelid""", (rs, i) -> (String[]) rs.getArray(1).getArray(), table);
    }

    private static Column column(List<Column> columns, String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static boolean isWholeNumber(Column c) {
        return c.type().equals("bigint");
    }

    private static boolean isTime(Column c) {
        return c.type().startsWith("timestamp");
    }

    private static boolean isText(Column c) {
        return c != null && (c.type().equals("text") || c.type().equals("character varying"));
    }
}
