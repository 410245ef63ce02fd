package org.idvbatch.copydeletion;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Confirms the providers' deletions by a later read (issue #30). A DELETED or ALREADY_DELETED receipt in
 * {@code provider_deletion} is a request: ID Verification deletes asynchronously, within up to 3 minutes. Once the
 * receipt is {@code idv.copy-deletion.confirm-after} old, the session's result is read again through the provider's
 * result API (Cloudauth DescribeFaceVerify, ID Verification CheckResult: {@link CopyDeletion.Check}), paced under
 * the account's query quota with the harvest ({@code <provider>/<account>/query}) and retried like the harvest's
 * calls. Each answered read is a row of {@code provider_deletion_check} (append-only, hash-chained, V112):
 * CONFIRMED when it returned no personal data, DATA_RETURNED when it still did.
 * <p>A receipt's state is derived, never written: <b>requested</b> (no CONFIRMED read of its session since),
 * <b>confirmed</b>, or <b>unconfirmed</b>: still requested {@code confirm-within} after the receipt. The sessions
 * awaiting confirmation are the rows of {@code provider_deletion_awaiting}, which the database's triggers keep from
 * the receipts and the reads, so every query here costs what awaits confirmation, not the history.
 */
@Service
public class DeletionConfirmation {

    private static final Logger log = LoggerFactory.getLogger(DeletionConfirmation.class);

    /**
     * Sessions whose receipt is old enough to read, not read in this run yet (a read that returned the data notes
     * its time on the row; one without an answer is on the skip list), oldest receipt first.
     */
    static final String READY = """
            SELECT s.id, s.provider, s.account, s.product, s.scene, s.merchant_biz_id, s.provider_ref,
                   s.provider_ref_aux, s.created_at, s.retention_deadline, s.attempts, a.receipt_id
              FROM provider_deletion_awaiting a JOIN verification_session s ON s.id = a.session_id
             WHERE a.requested_at <= :readyBefore
               AND (a.last_checked_at IS NULL OR a.last_checked_at < :since)
               AND NOT (a.session_id = ANY (:skip::bigint[]))
             ORDER BY a.requested_at, a.session_id
             LIMIT :limit
             FOR UPDATE OF a SKIP LOCKED
            """;

    /** The oldest receipt not yet old enough to read (and not read in this run): what the step may wait for. */
    static final String NEXT_READY = """
            SELECT min(a.requested_at) FROM provider_deletion_awaiting a
             WHERE a.requested_at > :readyBefore AND (a.last_checked_at IS NULL OR a.last_checked_at < :since)
               AND NOT (a.session_id = ANY (:skip::bigint[]))
            """;

    private static final String CHECK = """
            INSERT INTO provider_deletion_check (session_id, provider, account, receipt_id, action, checked_at,
                                                 request_id, outcome, code, actor)
            VALUES (:session, :provider, :account, :receipt, :action, :at, :requestId, :outcome, :code, :actor)
            """;

    /** Per provider account: the deletions awaiting confirmation, and of them the unconfirmed (past the cutoff). */
    static final String COUNTS = """
            SELECT provider, account, count(*) FILTER (WHERE requested_at > :cutoff),
                   count(*) FILTER (WHERE requested_at <= :cutoff)
              FROM provider_deletion_awaiting GROUP BY provider, account ORDER BY 1, 2
            """;

    /** Sessions confirmed since V112, per provider (provider_copy_tally, kept by the reads' trigger). */
    static final String CONFIRMED = """
            SELECT provider, sessions FROM provider_copy_tally WHERE outcome = 'CONFIRMED'
            """;

    /** The unconfirmed deletions, oldest first: a range of the awaiting rows' requested_at index. */
    static final String UNCONFIRMED = """
            SELECT a.session_id, a.provider, a.account, s.provider_ref, a.requested_at, a.last_checked_at, a.last_code
              FROM provider_deletion_awaiting a JOIN verification_session s ON s.id = a.session_id
             WHERE a.requested_at <= :cutoff
             ORDER BY a.requested_at, a.session_id
             LIMIT :limit
            """;

    private final JdbcClient jdbc;
    private final CopyDeletionClients clients;
    private final CopyDeletionProperties properties;
    private final RetryTemplate retry;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ClusterPaces paces;

    DeletionConfirmation(JdbcClient jdbc, CopyDeletionClients clients, CopyDeletionProperties properties,
                         HarvestProperties harvest, PlatformTransactionManager txManager, Clock clock,
                         ClusterPaces paces) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.properties = properties;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
        this.paces = paces;
        HarvestProperties.Retry r = harvest.retry();
        this.retry = new RetryTemplate(RetryPolicy.builder().maxRetries(r.maxRetries()).delay(r.initialDelay())
                .multiplier(2).maxDelay(r.maxDelay()).jitter(r.jitter())
                .predicate(e -> e instanceof ProviderCallException p && p.isRetryable()).build());
    }

    /**
     * One batch's reads: what each returned, the sessions without an answer (skipped for the rest of this run) and
     * one line each for a person (no personal data: session id, provider, account, codes).
     */
    public record Batch(int read, int confirmed, int dataReturned, List<Long> noAnswer, List<String> exceptions) {
        public boolean isEmpty() {
            return read == 0 && noAnswer.isEmpty();
        }
    }

    /**
     * Reads at most {@code limit} sessions whose newest deletion receipt is at or before {@code readyBefore}, in one
     * transaction, and records what each read returned.
     *
     * @param since reads from this instant on count as this run's: a session read since is not read again
     * @param skip  sessions this run got no answer for
     */
    public Batch confirmBatch(String actor, Instant since, Instant readyBefore, Collection<Long> skip, int limit) {
        return tx.execute(status -> batch(actor, since, readyBefore, skip, limit));
    }

    private Batch batch(String actor, Instant since, Instant readyBefore, Collection<Long> skip, int limit) {
        record Due(SessionRef session, long receipt) {
        }
        List<Due> due = jdbc.sql(READY).param("readyBefore", Timestamp.from(readyBefore))
                .param("since", Timestamp.from(since)).param("skip", skip.toArray(Long[]::new)).param("limit", limit)
                .query((rs, i) -> new Due(new SessionRef(rs.getLong(1),
                        Provider.fromCode(rs.getString(2)).orElseThrow(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant(), rs.getInt(11)),
                        rs.getLong(12))).list();
        int confirmed = 0;
        int returned = 0;
        List<Long> noAnswer = new ArrayList<>();
        List<String> exceptions = new ArrayList<>();
        for (Due d : due) {
            SessionRef s = d.session();
            String who = "session " + s.id() + " (" + s.provider().code() + " account " + s.account() + ")";
            CopyDeletion.Read read;
            try {
                CopyDeletion.Check check = clients.checkFor(s.provider(), s.account()).orElseThrow(() ->
                        new ProviderCallException(ProviderCallException.Kind.NOT_CONFIGURED, "NoDeletionApi",
                                s.provider().code() + " has no deletion API"));
                ClusterPace pace = paces.of(s.provider().code() + "/" + s.account() + "/query",
                        clients.readQps(s.provider(), s.account()));
                read = retry.execute(() -> {
                    pace.acquire();
                    try {
                        return check.read(s);
                    } catch (ProviderCallException e) {
                        if (e.kind() == ProviderCallException.Kind.THROTTLED) {
                            pace.throttled(); // the harvest's pace too: one quota per account and API
                        }
                        throw e;
                    }
                });
            } catch (ProviderCallException e) {
                noAnswer.add(s.id());
                exceptions.add(who + ": the confirming read could not be made (" + e.code() + "); read again by the"
                        + " next run");
                continue;
            } catch (RetryException e) {
                Throwable last = e.getLastException() == null ? e : e.getLastException();
                String code = last instanceof ProviderCallException p ? p.code() : last.getClass().getSimpleName();
                noAnswer.add(s.id());
                exceptions.add(who + ": no answer to the confirming read (" + code + "); read again by the next run");
                continue;
            }
            String outcome = read.personalData() ? "DATA_RETURNED" : "CONFIRMED";
            jdbc.sql(CHECK).param("session", s.id()).param("provider", s.provider().code())
                    .param("account", s.account()).param("receipt", d.receipt()).param("action", read.action())
                    .param("at", Timestamp.from(clock.instant())).param("requestId", read.requestId())
                    .param("outcome", outcome).param("code", read.code()).param("actor", actor).update();
            if (read.personalData()) {
                returned++;
            } else {
                confirmed++;
            }
        }
        if (!due.isEmpty()) {
            log.info("Provider deletions read again: {} sessions, {} confirmed, {} still returned data{}", due.size(),
                    confirmed, returned, noAnswer.isEmpty() ? "" : ", " + noAnswer.size() + " without an answer");
        }
        return new Batch(due.size(), confirmed, returned, noAnswer, exceptions);
    }

    /**
     * When the next receipt not yet read in this run becomes old enough to read ({@code confirm-after} after it), or
     * null when none is waiting.
     */
    public Instant nextReady(Instant since, Instant readyBefore, Collection<Long> skip) {
        Timestamp t = jdbc.sql(NEXT_READY).param("readyBefore", Timestamp.from(readyBefore))
                .param("since", Timestamp.from(since)).param("skip", skip.toArray(Long[]::new))
                .query(Timestamp.class).optional().orElse(null);
        return t == null ? null : t.toInstant().plus(properties.confirmAfter());
    }

    /**
     * Per provider account (and provider), the deletions as their receipts stand now.
     *
     * @param requested awaiting confirmation, within {@code confirm-within} of their receipt
     * @param confirmed confirmed by a read (per provider: the same figure on each of its accounts' rows is not
     *                  summed; see {@link #counts()})
     * @param unconfirmed not confirmed {@code confirm-within} after their receipt: exceptions
     */
    public record Counts(String provider, String account, long requested, long confirmed, long unconfirmed) {
    }

    /**
     * The counts per provider: requested and unconfirmed summed over its accounts, confirmed since V112. Every
     * provider with a deletion API is listed, with zeros when nothing awaits.
     */
    public List<Counts> counts() {
        Map<String, long[]> byProvider = new TreeMap<>();
        clients.deletableProducts().forEach(e -> byProvider.computeIfAbsent(e.getKey(), k -> new long[3]));
        for (Counts c : perAccount()) {
            long[] v = byProvider.computeIfAbsent(c.provider(), k -> new long[3]);
            v[0] += c.requested();
            v[2] += c.unconfirmed();
        }
        jdbc.sql(CONFIRMED).query((rs, i) -> byProvider.computeIfAbsent(rs.getString(1), k -> new long[3])[1] =
                rs.getLong(2)).list();
        List<Counts> out = new ArrayList<>();
        byProvider.forEach((p, v) -> out.add(new Counts(p, null, v[0], v[1], v[2])));
        return out;
    }

    /** Requested and unconfirmed per provider account that has any awaiting (confirmed is 0 here). */
    public List<Counts> perAccount() {
        Instant cutoff = clock.instant().minus(properties.confirmWithin());
        return jdbc.sql(COUNTS).param("cutoff", Timestamp.from(cutoff)).query((rs, i) -> new Counts(rs.getString(1),
                rs.getString(2), rs.getLong(3), 0, rs.getLong(4))).list();
    }

    /** Unconfirmed deletions in all. */
    public long unconfirmedCount() {
        return perAccount().stream().mapToLong(Counts::unconfirmed).sum();
    }

    /**
     * One unconfirmed deletion, as the Compliance sheet and the step's findings name it: the session, its provider
     * and account, its provider reference masked, the receipt's time, and the last read that still returned the
     * data (null when no read was answered).
     */
    public record Unconfirmed(long sessionId, String provider, String account, String reference, Instant requestedAt,
                              Instant lastReadAt, String lastCode, Instant due) {
        /** One line, no personal data. */
        public String line() {
            return "session " + sessionId + " (" + provider + " account " + account + ", reference " + reference
                    + "): deletion requested at " + requestedAt + ", not confirmed by " + due + "; "
                    + (lastReadAt == null ? "no read was answered" : "the last read at " + lastReadAt
                    + " still returned personal data (" + lastCode + ")");
        }
    }

    /** The oldest {@code limit} unconfirmed deletions. */
    public List<Unconfirmed> unconfirmed(int limit) {
        Instant cutoff = clock.instant().minus(properties.confirmWithin());
        return jdbc.sql(UNCONFIRMED).param("cutoff", Timestamp.from(cutoff)).param("limit", limit)
                .query((rs, i) -> {
                    Instant requested = rs.getTimestamp(5).toInstant();
                    Timestamp last = rs.getTimestamp(6);
                    return new Unconfirmed(rs.getLong(1), rs.getString(2), rs.getString(3), mask(rs.getString(4)),
                            requested, last == null ? null : last.toInstant(), rs.getString(7),
                            requested.plus(properties.confirmWithin()));
                }).list();
    }

    /** How long after its receipt a deletion must be confirmed ({@code idv.copy-deletion.confirm-within}). */
    public Duration confirmWithin() {
        return properties.confirmWithin();
    }

    /** A duration as the settings write it: {@code 1h}, {@code 90m}, {@code 1h30m}. */
    public static String shown(Duration d) {
        return d.isZero() ? "0s" : d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A provider reference as reports show it: its first and last four characters (enough to find it in the
     * provider's console together with the session id), the rest hidden.
     */
    static String mask(String reference) {
        if (reference == null) {
            return null;
        }
        return reference.length() <= 8 ? "*".repeat(reference.length())
                : reference.substring(0, 4) + "*".repeat(Math.min(8, reference.length() - 8))
                + reference.substring(reference.length() - 4);
    }

    /** The figures of {@link #counts()} by provider, for callers that want a map. */
    public Map<String, Counts> countsByProvider() {
        Map<String, Counts> m = new LinkedHashMap<>();
        counts().forEach(c -> m.put(c.provider(), c));
        return m;
    }
}
