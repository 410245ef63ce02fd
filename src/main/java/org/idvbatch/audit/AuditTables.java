package org.idvbatch.audit;

import java.util.List;

/** The hash-chained audit tables (migration V100; provider_deletion_check V112), each with how its rows are named in a break. */
enum AuditTables {
    OPERATOR_ACTION("operator_action", "id::text"),
    CONSOLE_AUDIT("console_audit", "id::text"),
    EVIDENCE_AUDIT("evidence_audit", "id::text"),
    PROVIDER_DELETION("provider_deletion", "id::text"),
    /** The reads that confirm a provider deletion (V112). */
    PROVIDER_DELETION_CHECK("provider_deletion_check", "id::text"),
    RECONCILE_EXPLANATION("reconcile_explanation", "id::text"),
    RECONCILE_MONTH_ACTION("reconcile_month_action", "id::text"),
    RECONCILE_MONTH_LOCK("reconcile_month_lock", "action_id || '/' || business_date");

    final String table;
    final String key;

    AuditTables(String table, String key) {
        this.table = table;
        this.key = key;
    }

    /** Whether the table has an {@code id} column, which an insider could exchange between rows. */
    boolean hasId() {
        return key.equals("id::text");
    }

    static List<String> names() {
        return java.util.Arrays.stream(values()).map(t -> t.table).sorted().toList();
    }

    static AuditTables of(String table) {
        for (AuditTables t : values()) {
            if (t.table.equals(table)) {
                return t;
            }
        }
        throw new IllegalArgumentException("not an audit table: " + table);
    }
}
