package org.idvbatch.copydeletion;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.idvbatch.archive.ArchiveVerifier;
import org.idvbatch.harvest.HarvestProperties;
import org.idvbatch.pace.ClusterPace;
import org.idvbatch.pace.ClusterPaces;
import org.idvbatch.provider.CopyDeletion;
import org.idvbatch.provider.CopyDeletionClients;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.SessionRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the provider's copy of sessions, a batch at a time:
 * <ul>
 * <li>which: sessions of a provider and product with a deletion API, still within the provider's retention, with
 *     no final receipt yet, not under legal hold, and either erased (any state; asked with DeleteAfterQuery=N) or,
 *     where the provider's policy is {@code after-archive}, final (PASSED / FAILED) with their evidence ARCHIVED or
 *     MISSING (asked with DeleteAfterQuery=Y);</li>
 * <li>never before the archive is verified: an ARCHIVED session's objects are re-read and decrypted first, and a
 *     session whose archive is not whole is left alone (listed as unverified);</li>
 * <li>paced per account under {@code idv.copy-deletion.qps}, across every node of the cluster ({@link ClusterPaces}:
 *     a throttling answer halves the account's rate), each call retried like the harvest's
 *     ({@code idv.harvest.retry.*});</li>
 * <li>every answer a receipt in {@code provider_deletion}; a refusal is a receipt with outcome REFUSED (an
 *     exception in the report), a call without an answer a FAILED receipt, tried again by the next run.</li>
 * </ul>
 */
@Service
public class ProviderCopyDeletion {

    private static final Logger log = LoggerFactory.getLogger(ProviderCopyDeletion.class);

    /** The columns of a due session, as {@link #due} reads them. */
    private static final String DUE_COLUMNS = """
            s.id, s.provider, s.account, s.product, s.scene, s.merchant_biz_id, s.provider_ref, s.provider_ref_aux,
            s.created_at, s.retention_deadline, s.attempts, s.erased_at IS NOT NULL AS erased, s.evidence_status
            """;

    /**
     * What no due session may be: on the skip list, held, or with a FAILED receipt of this run (a settled copy,
     * any other receipt, is out of both indexes already).
     */
    private static final String DUE_FILTER = """
               AND (CAST(:only AS bigint[]) IS NULL OR s.id = ANY (CAST(:only AS bigint[])))
               AND NOT (s.id = ANY (:skip::bigint[]))
               AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.session_id = s.id)
               AND NOT EXISTS (SELECT 1 FROM provider_deletion r WHERE r.session_id = s.id
                                  AND r.outcome = 'FAILED' AND r.requested_at >= :since)
            """;

    /** Erased sessions first, whatever their state: a range of verification_session_erased_copy_idx. */
    static final String DUE_ERASED = "SELECT " + DUE_COLUMNS + """
              FROM verification_session s
             WHERE s.copy_settled_at IS NULL AND s.erased_at IS NOT NULL AND s.retention_deadline > :now
               AND (s.provider, s.product) IN (SELECT * FROM unnest(:providers::text[], :products::text[]))
            """ + DUE_FILTER + """
             ORDER BY s.retention_deadline, s.id
             LIMIT :limit
             FOR UPDATE OF s SKIP LOCKED
            """;

    /**
     * Then archived sessions of the after-archive products, earliest deadline first: for each product one range of
     * verification_session_copy_due_idx, so that a night reads the sessions it deletes and not every session whose
     * copy is long deleted.
     */
    static final String DUE_ARCHIVED = "SELECT x.* FROM unnest(:providers::text[], :products::text[]) AS d"
            + " (provider, product) CROSS JOIN LATERAL (SELECT " + DUE_COLUMNS + """
              FROM verification_session s
             WHERE s.provider = d.provider AND s.product = d.product
               AND s.copy_settled_at IS NULL AND s.erased_at IS NULL AND s.state IN ('PASSED', 'FAILED')
               AND s.evidence_status IN ('ARCHIVED', 'MISSING') AND s.retention_deadline > :now
            """ + DUE_FILTER + """
             ORDER BY s.retention_deadline, s.id
             LIMIT :limit
             FOR UPDATE OF s SKIP LOCKED) AS x
             ORDER BY x.retention_deadline, x.id
             LIMIT :limit
            """;

    private static final String RECEIPT = """
            INSERT INTO provider_deletion (session_id, provider, account, action, delete_type, cause, requested_at,
                                           request_id, outcome, fail_reason, message, actor)
            VALUES (:session, :provider, :account, :action, :type, :cause, :at, :requestId, :outcome, :reason,
                    :message, :actor)
            RETURNING id
            """;

    /** A receipt other than FAILED settles the session's copy: out of the due indexes for good. */
    private static final String SETTLED = """
            UPDATE verification_session SET copy_settled_at = :at WHERE id = :session AND copy_settled_at IS NULL
            """;

    /** The Evidence page's sessions per provider and outcome: one more where this is the session's first such. */
    private static final String TALLY = """
            INSERT INTO provider_copy_tally AS t (provider, outcome, sessions)
            SELECT :provider, :outcome, 1
             WHERE NOT EXISTS (SELECT 1 FROM provider_deletion WHERE session_id = :session AND outcome = :outcome
                                  AND id <> :receipt)
            ON CONFLICT (provider, outcome) DO UPDATE SET sessions = t.sessions + 1
            """;

    private static final String DELETED_SINCE = """
            SELECT provider, count(DISTINCT session_id) FROM provider_deletion
             WHERE outcome IN ('DELETED', 'ALREADY_DELETED') AND requested_at >= :since GROUP BY provider ORDER BY 1
            """;

    private final JdbcClient jdbc;
    private final CopyDeletionClients clients;
    private final ArchiveVerifier verifier;
    private final CopyDeletionProperties properties;
    private final RetryTemplate retry;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ClusterPaces paces;

    ProviderCopyDeletion(JdbcClient jdbc, CopyDeletionClients clients, ArchiveVerifier verifier,
                         CopyDeletionProperties properties, HarvestProperties harvest,
                         PlatformTransactionManager txManager, Clock clock, ClusterPaces paces) {
        this.jdbc = jdbc;
        this.paces = paces;
        this.clients = clients;
        this.verifier = verifier;
        this.properties = properties;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
        HarvestProperties.Retry r = harvest.retry();
        this.retry = new RetryTemplate(RetryPolicy.builder().maxRetries(r.maxRetries()).delay(r.initialDelay())
                .multiplier(2).maxDelay(r.maxDelay()).jitter(r.jitter())
                .predicate(e -> e instanceof ProviderCallException p && p.isRetryable()).build());
    }

    /** What one batch did; {@code skipped} are sessions left alone this run (unverified archive, no account). */
    public record Batch(int sessions, Map<String, Integer> outcomes, List<Long> skipped, List<String> exceptions) {
        boolean isEmpty() {
            return sessions == 0 && skipped.isEmpty();
        }
    }

    /**
     * One batch, in its own transaction (joined if one is active).
     *
     * @param since sessions with a FAILED receipt from this instant on are not tried again in this run
     * @param skip  sessions this run already left alone
     * @param only  only these sessions (an erasure), or null for every due one
     */
    public Batch deleteBatch(String actor, Instant since, Collection<Long> skip, Collection<Long> only) {
        return deleteBatch(actor, since, skip, only, properties.batch());
    }

    /** One batch of at most {@code limit} sessions (the night's budget left, when below the batch size). */
    Batch deleteBatch(String actor, Instant since, Collection<Long> skip, Collection<Long> only, int limit) {
        return tx.execute(status -> batch(actor, since, skip, only, Math.min(limit, properties.batch())));
    }

    /** Every due session of {@code only} (all batches), for the erase command right after an erasure. */
    public Map<String, Integer> deleteNow(String actor, Collection<Long> only) {
        Instant since = clock.instant();
        Map<String, Integer> total = new LinkedHashMap<>();
        List<Long> skip = new ArrayList<>();
        Batch b;
        do {
            b = deleteBatch(actor, since, skip, only);
            b.outcomes().forEach((k, v) -> total.merge(k, v, Integer::sum));
            skip.addAll(b.skipped());
        } while (!b.isEmpty());
        if (!skip.isEmpty()) {
            total.merge("SKIPPED", skip.size(), Integer::sum);
        }
        return total;
    }

    private Batch batch(String actor, Instant since, Collection<Long> skip, Collection<Long> only, int size) {
        List<Map.Entry<String, String>> deletable = clients.deletableProducts();
        List<Due> due = new ArrayList<>(due(DUE_ERASED, deletable, since, skip, only, size));
        List<Map.Entry<String, String>> afterArchive = deletable.stream()
                .filter(e -> properties.policyOf(e.getKey()) == CopyDeletionProperties.Policy.AFTER_ARCHIVE).toList();
        if (due.size() < size && !afterArchive.isEmpty()) {
            due.addAll(due(DUE_ARCHIVED, afterArchive, since, skip, only, size - due.size()));
        }
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<Long> skipped = new ArrayList<>();
        List<String> exceptions = new ArrayList<>();
        Map<Long, String> unverified = verifier.unverifiedAmong(due.stream()
                .filter(d -> !d.erased() && "ARCHIVED".equals(d.evidenceStatus())).map(d -> d.session().id()).toList());
        for (Due d : due) {
            SessionRef s = d.session();
            if (unverified.containsKey(s.id())) {
                skipped.add(s.id());
                exceptions.add("session " + s.id() + ": provider copy kept, the archive is not verified: "
                        + unverified.get(s.id()));
                continue;
            }
            String cause = d.erased() ? "ERASURE" : "AFTER_ARCHIVE";
            CopyDeletion.Client client;
            try {
                client = clients.forAccount(s.provider(), s.account()).orElseThrow();
            } catch (ProviderCallException e) {
                skipped.add(s.id());
                exceptions.add("session " + s.id() + ": provider copy kept, " + e.getMessage());
                continue;
            }
            ClusterPace pace = paces.of(s.provider().code() + "/" + s.account() + "/delete", properties.qps());
            Instant at = clock.instant();
            try {
                List<CopyDeletion.Answer> answers = retry.execute(() -> {
                    pace.acquire();
                    try {
                        return client.delete(s, !d.erased());
                    } catch (ProviderCallException e) {
                        if (e.kind() == ProviderCallException.Kind.THROTTLED) {
                            pace.throttled(); // the whole cluster slows down for this account
                        }
                        throw e;
                    }
                });
                for (CopyDeletion.Answer a : answers) {
                    receipt(s, a.action(), a.deleteType(), cause, at, a.requestId(), a.outcome().name(),
                            a.failReason(), a.message(), actor);
                    outcomes.merge(a.outcome().name(), 1, Integer::sum);
                    if (a.outcome() == CopyDeletion.Outcome.REFUSED) {
                        exceptions.add("session " + s.id() + ": " + s.provider().code() + " refused " + a.action()
                                + (a.deleteType() == null ? "" : " " + a.deleteType()) + ": " + a.failReason()
                                + " (RequestId " + a.requestId() + ")");
                    }
                }
            } catch (RetryException e) {
                Throwable last = e.getLastException() == null ? e : e.getLastException();
                String code = last instanceof ProviderCallException p ? p.code() : last.getClass().getSimpleName();
                receipt(s, "delete", null, cause, at, null, "FAILED", code, String.valueOf(last.getMessage()), actor);
                outcomes.merge("FAILED", 1, Integer::sum);
                exceptions.add("session " + s.id() + ": no answer from " + s.provider().code() + " (" + code
                        + "); tried again by the next run");
            }
        }
        if (!due.isEmpty()) {
            log.info("Provider copies: {} sessions, {}{}", due.size(), outcomes,
                    skipped.isEmpty() ? "" : ", " + skipped.size() + " left alone");
        }
        return new Batch(due.size() - skipped.size(), outcomes, skipped, exceptions);
    }

    /** Sessions whose provider copy was deleted from {@code since} on, per provider. */
    public Map<String, Long> deletedSessionsSince(Instant since) {
        Map<String, Long> m = new LinkedHashMap<>();
        jdbc.sql(DELETED_SINCE).param("since", Timestamp.from(since)).query((rs, i) -> m.put(rs.getString(1),
                rs.getLong(2))).list();
        return m;
    }

    /** Whether any product of the provider can be deleted at the provider. */
    public boolean hasDeletionApi(String provider) {
        return clients.deletableProducts().stream().anyMatch(e -> e.getKey().equals(provider));
    }

    private List<Due> due(String query, List<Map.Entry<String, String>> products, Instant since,
                          Collection<Long> skip, Collection<Long> only, int limit) {
        if (products.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(query)
                .param("providers", products.stream().map(Map.Entry::getKey).toArray(String[]::new))
                .param("products", products.stream().map(Map.Entry::getValue).toArray(String[]::new))
                .param("now", Timestamp.from(clock.instant())).param("since", Timestamp.from(since))
                .param("only", only == null ? null : only.toArray(Long[]::new))
                .param("skip", skip.toArray(Long[]::new)).param("limit", limit)
                .query((rs, i) -> new Due(new SessionRef(rs.getLong(1), Provider.fromCode(rs.getString(2)).orElseThrow(),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant(), rs.getInt(11)),
                        rs.getBoolean(12), rs.getString(13))).list();
    }

    /** Records the receipt; one other than FAILED settles the session's copy and counts on the Evidence page. */
    private void receipt(SessionRef s, String action, String type, String cause, Instant at, String requestId,
                         String outcome, String reason, String message, String actor) {
        long receipt = jdbc.sql(RECEIPT).param("session", s.id()).param("provider", s.provider().code())
                .param("account", s.account()).param("action", action).param("type", type).param("cause", cause)
                .param("at", Timestamp.from(at)).param("requestId", requestId).param("outcome", outcome)
                .param("reason", reason).param("message", message == null || message.length() <= 500 ? message
                        : message.substring(0, 500)).param("actor", actor).query(Long.class).single();
        if (!"FAILED".equals(outcome)) {
            jdbc.sql(SETTLED).param("at", Timestamp.from(at)).param("session", s.id()).update();
        }
        jdbc.sql(TALLY).param("provider", s.provider().code()).param("outcome", outcome).param("session", s.id())
                .param("receipt", receipt).update();
    }

    private record Due(SessionRef session, boolean erased, String evidenceStatus) {
    }

    static Set<String> knownOutcomes() {
        return Set.of("DELETED", "ALREADY_DELETED", "GONE", "REFUSED", "FAILED");
    }
}
