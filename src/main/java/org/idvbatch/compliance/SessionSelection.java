package org.idvbatch.compliance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.idvbatch.RejectedInputException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which sessions a hold or an erasure is about: named sessions, an order's sessions (merchant_biz_id), or a
 * person's sessions (the keyed hashes of their ID numbers; never the numbers themselves).
 *
 * @param sessionIds      sessions by the ledger's id; each must exist
 * @param merchantBizIds  every session of each order; each must match at least one session
 * @param idNumberHashes  every session whose id_number_hmac is one of these; a hash matching nothing is no error
 */
public record SessionSelection(List<Long> sessionIds, List<String> merchantBizIds, List<String> idNumberHashes) {

    private static final String UNKNOWN_IDS = """
            SELECT i FROM unnest(:ids::bigint[]) AS i
             WHERE NOT EXISTS (SELECT 1 FROM verification_session s WHERE s.id = i) ORDER BY i
            """;
    private static final String BIZ_WITHOUT_SESSIONS = """
            SELECT b FROM unnest(:biz::text[]) AS b
             WHERE NOT EXISTS (SELECT 1 FROM verification_session s WHERE s.merchant_biz_id = b) ORDER BY b
            """;
    /** Locks the sessions chosen, so that a hold placed concurrently waits for this transaction. */
    private static final String RESOLVE = """
            SELECT id FROM verification_session
             WHERE id = ANY(:ids::bigint[]) OR merchant_biz_id = ANY(:biz::text[])
                OR id_number_hmac = ANY(:hashes::text[])
             ORDER BY id FOR UPDATE
            """;

    public SessionSelection {
        sessionIds = sessionIds == null ? List.of() : List.copyOf(sessionIds);
        merchantBizIds = merchantBizIds == null ? List.of() : List.copyOf(merchantBizIds);
        idNumberHashes = idNumberHashes == null ? List.of() : List.copyOf(idNumberHashes);
    }

    public static SessionSelection sessions(List<Long> ids) {
        return new SessionSelection(ids, null, null);
    }

    public static SessionSelection orders(List<String> merchantBizIds) {
        return new SessionSelection(null, merchantBizIds, null);
    }

    public static SessionSelection people(List<String> idNumberHashes) {
        return new SessionSelection(null, null, idNumberHashes);
    }

    boolean isEmpty() {
        return sessionIds.isEmpty() && merchantBizIds.isEmpty() && idNumberHashes.isEmpty();
    }

    /** For the audit's subject column: how the sessions were chosen, never personal data. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (!sessionIds.isEmpty()) {
            parts.add("session");
        }
        if (!merchantBizIds.isEmpty()) {
            parts.add("merchant_biz_id=" + String.join(",", merchantBizIds));
        }
        if (!idNumberHashes.isEmpty()) {
            parts.add("id-number-file (" + idNumberHashes.size() + " ID number" + (idNumberHashes.size() == 1 ? ""
                    : "s") + ", matched by keyed hash)");
        }
        String s = String.join("; ", parts);
        return s.length() > 1000 ? s.substring(0, 1000) + "..." : s;
    }

    /**
     * The chosen sessions, locked for this transaction, in id order.
     *
     * @throws RejectedInputException naming a session id that does not exist or an order without sessions
     */
    Set<Long> resolve(JdbcClient jdbc) {
        if (isEmpty()) {
            throw new RejectedInputException("choose the sessions: --session ID, --merchant-biz-id X"
                    + " or --id-number-file F");
        }
        Long[] ids = sessionIds.toArray(Long[]::new);
        String[] biz = merchantBizIds.toArray(String[]::new);
        List<Long> unknown = jdbc.sql(UNKNOWN_IDS).param("ids", ids).query(Long.class).list();
        if (!unknown.isEmpty()) {
            throw new RejectedInputException("session", "not in the ledger: " + unknown);
        }
        List<String> noSessions = jdbc.sql(BIZ_WITHOUT_SESSIONS).param("biz", biz).query(String.class).list();
        if (!noSessions.isEmpty()) {
            throw new RejectedInputException("merchant-biz-id", "no session in the ledger for " + noSessions);
        }
        return new TreeSet<>(jdbc.sql(RESOLVE).param("ids", ids).param("biz", biz)
                .param("hashes", idNumberHashes.toArray(String[]::new)).query(Long.class).list());
    }

    static void requireWhoAndWhy(String by, String reason, String what) {
        if (by == null || by.isBlank()) {
            throw new RejectedInputException("by", "who asks for the " + what + " is required (it is audited)");
        }
        if (reason == null || reason.isBlank()) {
            throw new RejectedInputException("reason", "why is required for the " + what + " (it is audited)");
        }
        if (by.strip().length() > 200) {
            throw new RejectedInputException("by", "at most 200 characters");
        }
        if (reason.strip().length() > 2000) {
            throw new RejectedInputException("reason", "at most 2000 characters");
        }
    }
}
