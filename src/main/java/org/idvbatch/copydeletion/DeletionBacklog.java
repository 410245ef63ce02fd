package org.idvbatch.copydeletion;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.idvbatch.provider.CopyDeletionClients;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.time.BusinessDay;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The deletion backlog: per provider account, the sessions whose provider copy is due for deletion and not yet
 * deleted (what the next night's provider-deletion step would take, held sessions aside), the oldest of them, and
 * the business day the backlog clears at the pace of the nights (operations.md, "The deletion backlog").
 * <p>The forecast, per account, with
 * <ul>
 * <li>{@code B} the backlog now;</li>
 * <li>{@code I} the daily inflow: the account's final sessions of the after-archive products harvested in the last
 *     {@value #INFLOW_DAYS} days, divided by {@value #INFLOW_DAYS}. Each night counts its own share once, the
 *     sessions harvested since the previous night's start (24 h before its own without one, never more than
 *     {@value #INFLOW_DAYS} days), and keeps it with its record; the forecast sums the shares of the nights that
 *     started in the last {@value #INFLOW_DAYS} x 24 h;</li>
 * <li>{@code C} a night's capacity: what the account's copies settled in the last night, when that night ran out
 *     of its budget with sessions still due (the measured rate over a full night); otherwise the settings' ceiling,
 *     {@code idv.copy-deletion.qps} for the whole {@code window}, or {@code night-limit} when lower;</li>
 * </ul>
 * each night takes {@code I} more and deletes up to {@code C}, so the backlog is gone after the {@code k}-th next
 * night with {@code k = ceil(B / (C - I))}; never at this pace when {@code C <= I}. The next night runs on the day
 * after the last night's (not before today), the {@code k}-th {@code k - 1} days later: that business day, in
 * Asia/Shanghai, is the forecast.
 * <p>Its cost follows the backlog, not the history: the backlog is read through the due indexes the deletion step
 * reads ({@code verification_session_copy_due_idx}, {@code verification_session_erased_copy_idx}), the inflow
 * from the nights' records (a few rows a night), the last night from its own record. The night's share is counted
 * through {@code verification_session_harvested_idx} over the day since the previous night: once a night, not on
 * every read (the Evidence page read a week of harvests on every view: 21 M sessions at 3 M a day).
 */
@Service
public class DeletionBacklog {

    /** Why a night stopped with sessions still due (copy_deletion_night.budget_reached). */
    static final String LIMIT = "limit";
    static final String WINDOW = "window";

    /** Days of harvests the daily inflow is the mean of. */
    static final int INFLOW_DAYS = 7;

    /** Per account: the sessions due for deletion, and the oldest's harvest (when it became due). */
    static final String BACKLOG = """
            SELECT x.provider, x.account, count(*), min(coalesce(x.harvested_at, x.created_at))
              FROM (SELECT a.provider, a.account, a.harvested_at, a.created_at
                      FROM unnest(:providers::text[], :products::text[]) AS d (provider, product)
                     CROSS JOIN LATERAL (SELECT s.provider, s.account, s.harvested_at, s.created_at
                                           FROM verification_session s
                                          WHERE s.provider = d.provider AND s.product = d.product
                                            AND s.copy_settled_at IS NULL AND s.erased_at IS NULL
                                            AND s.state IN ('PASSED', 'FAILED')
                                            AND s.evidence_status IN ('ARCHIVED', 'MISSING')
                                            AND s.retention_deadline > :now
                                            AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.session_id = s.id)) a
                    UNION ALL
                    SELECT s.provider, s.account, s.harvested_at, s.created_at FROM verification_session s
                     WHERE s.copy_settled_at IS NULL AND s.erased_at IS NOT NULL AND s.retention_deadline > :now
                       AND (s.provider, s.product) IN (SELECT * FROM unnest(:erasable::text[], :erasableProducts::text[]))
                       AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.session_id = s.id)) x
             GROUP BY 1, 2
            """;

    /** Per account: the inflow kept by the nights that started in [from, to). */
    static final String INFLOW = """
            SELECT a.provider, a.account, sum(a.inflow) FROM copy_deletion_night n
              JOIN copy_deletion_night_account a ON a.night_id = n.id
             WHERE n.started_at >= :from AND n.started_at < :to
             GROUP BY 1, 2
            """;

    /** The start of the last night before {@code :since}: where the next night's share of the inflow begins. */
    static final String PREVIOUS_NIGHT = """
            SELECT max(started_at) FROM copy_deletion_night WHERE started_at < :since
            """;

    static final String LAST_NIGHT = """
            SELECT id, started_at, budget_reached FROM copy_deletion_night ORDER BY id DESC LIMIT 1
            """;
    static final String LAST_NIGHT_ACCOUNTS = """
            SELECT provider, account, settled FROM copy_deletion_night_account WHERE night_id = :night
            """;

    /** The nights that ended before the cutoff, but the last one (the forecast reads it); accounts cascade. */
    private static final String FORGET_NIGHTS = """
            DELETE FROM copy_deletion_night
             WHERE ended_at < :cutoff AND id < (SELECT max(id) FROM copy_deletion_night)
            """;
    private static final String NIGHTS_BEFORE = """
            SELECT count(*) FROM copy_deletion_night
             WHERE ended_at < :cutoff AND id < (SELECT max(id) FROM copy_deletion_night)
            """;

    private static final String NIGHT = """
            INSERT INTO copy_deletion_night (started_at, ended_at, budget_reached) VALUES (:since, :end, :budget)
            RETURNING id
            """;
    /**
     * The night's receipts (requested_at from its start on: an index range of one night) per account, and its share
     * of the inflow: final sessions of the after-archive products harvested in [from, since). The share is counted
     * first (MATERIALIZED: the products are picked from its counts): with the products in its WHERE, the planner
     * ANDed the scene index's entries of those products, over all the history, into the day's (988,000 index
     * entries for 125,000 sessions at 12 months, read on scale-bench's held database).
     */
    static final String NIGHT_ACCOUNTS = """
            WITH harvested AS MATERIALIZED (
                SELECT s.provider, s.product, s.account, count(*) AS harvested FROM verification_session s
                 WHERE s.harvested_at >= :from AND s.harvested_at < :since AND s.state IN ('PASSED', 'FAILED')
                 GROUP BY 1, 2, 3),
            inflow AS (
                SELECT h.provider, h.account, sum(h.harvested) AS inflow FROM harvested h
                 WHERE (h.provider, h.product) IN (SELECT * FROM unnest(:providers::text[], :products::text[]))
                 GROUP BY 1, 2),
            settled AS (
                SELECT provider, account, count(DISTINCT session_id) AS settled FROM provider_deletion
                 WHERE requested_at >= :since AND actor = :actor AND outcome <> 'FAILED'
                 GROUP BY 1, 2)
            INSERT INTO copy_deletion_night_account (night_id, provider, account, settled, inflow)
            SELECT :night, coalesce(d.provider, i.provider), coalesce(d.account, i.account), coalesce(d.settled, 0),
                   coalesce(i.inflow, 0)
              FROM settled d FULL JOIN inflow i ON i.provider = d.provider AND i.account = d.account
            """;

    private final JdbcClient jdbc;
    private final CopyDeletionClients clients;
    private final CopyDeletionProperties properties;
    private final ProviderProperties providers;
    private final Clock clock;

    DeletionBacklog(JdbcClient jdbc, CopyDeletionClients clients, CopyDeletionProperties properties,
                    ProviderProperties providers, Clock clock) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.properties = properties;
        this.providers = providers;
        this.clock = clock;
    }

    /**
     * Forgets the records of the nights that ended before {@code cutoff} ({@code idv.history.keep}), never the
     * last one, which the forecast reads; a few rows a night, so one statement.
     *
     * @return the nights forgotten
     */
    public int forgetNightsBefore(Instant cutoff) {
        return jdbc.sql(FORGET_NIGHTS).param("cutoff", java.sql.Timestamp.from(cutoff)).update();
    }

    /** The nights {@link #forgetNightsBefore} would forget now. */
    public long nightsBefore(Instant cutoff) {
        return jdbc.sql(NIGHTS_BEFORE).param("cutoff", java.sql.Timestamp.from(cutoff)).query(Long.class).single();
    }

    /**
     * One account's backlog and forecast.
     *
     * @param sessions      due for deletion and not yet deleted
     * @param oldestDue     when the oldest of them became due (its harvest), null without a backlog
     * @param inflowPerDay  the mean daily inflow {@code I}
     * @param nightCapacity a night's capacity {@code C}
     * @param measured      whether {@code C} is the last night's measured figure (else the settings' ceiling)
     * @param nights        nights until it clears ({@code k}): 0 without a backlog, -1 never at this pace
     * @param clearsOn      the business day (Asia/Shanghai) whose night deletes the last of it; null when there is
     *                      no backlog or it never clears at this pace
     */
    public record Account(String provider, String account, long sessions, Instant oldestDue, double inflowPerDay,
                          long nightCapacity, boolean measured, long nights, BusinessDay clearsOn) {

        public boolean clear() {
            return sessions == 0;
        }

        public boolean neverClears() {
            return nights < 0;
        }
    }

    /** The configured accounts of the providers with a deletion API, as (provider code, account) pairs. */
    public List<Map.Entry<String, String>> accounts() {
        return clients.deletableProducts().stream().map(Map.Entry::getKey).distinct()
                .filter(p -> providers.providers().containsKey(p))
                .flatMap(p -> providers.providers().get(p).accounts().keySet().stream().sorted().map(a -> Map.entry(p, a)))
                .toList();
    }

    /** The backlog as it is now, per configured account of a provider with a deletion API and any other with one. */
    public List<Account> read() {
        Instant now = clock.instant();
        List<Map.Entry<String, String>> deletable = clients.deletableProducts();
        List<Map.Entry<String, String>> afterArchive = afterArchive(deletable);
        Map<String, long[]> backlog = new TreeMap<>();
        Map<String, Instant> oldest = new HashMap<>();
        accounts().forEach(e -> backlog.put(key(e.getKey(), e.getValue()), new long[1]));
        if (!deletable.isEmpty()) {
            jdbc.sql(BACKLOG).param("providers", codes(afterArchive)).param("products", products(afterArchive))
                    .param("erasable", codes(deletable)).param("erasableProducts", products(deletable))
                    .param("now", Timestamp.from(now)).query((rs, i) -> {
                        String k = key(rs.getString(1), rs.getString(2));
                        backlog.computeIfAbsent(k, x -> new long[1])[0] = rs.getLong(3);
                        oldest.put(k, rs.getTimestamp(4).toInstant());
                        return k;
                    }).list();
        }
        BusinessDay today = BusinessDay.today(clock);
        Map<String, Long> inflow = new HashMap<>();
        jdbc.sql(INFLOW).param("from", Timestamp.from(now.minus(Duration.ofDays(INFLOW_DAYS))))
                .param("to", Timestamp.from(now))
                .query((rs, i) -> inflow.put(key(rs.getString(1), rs.getString(2)), rs.getLong(3))).list();
        Night night = lastNight();
        BusinessDay nextNight = night == null ? today.next()
                : BusinessDay.of(night.startedAt()).next().compareTo(today) < 0 ? today
                : BusinessDay.of(night.startedAt()).next();
        List<Account> accounts = new ArrayList<>();
        backlog.forEach((k, b) -> {
            String[] pa = k.split("\u0000", 2);
            double in = inflow.getOrDefault(k, 0L) / (double) INFLOW_DAYS;
            // a night that stopped on its budget measured the account's pace, if the account had copies settled in it
            boolean measured = night != null && night.budgetReached() != null
                    && night.settled().getOrDefault(k, 0L) > 0;
            long capacity = measured ? night.settled().getOrDefault(k, 0L) : properties.nightCeiling();
            long nights = nights(b[0], capacity, in);
            BusinessDay clears = nights > 0 ? BusinessDay.of(nextNight.date().plusDays(nights - 1)) : null;
            accounts.add(new Account(pa[0], pa[1], b[0], oldest.get(k), in, capacity, measured, nights, clears));
        });
        return accounts;
    }

    /** {@code k = ceil(B / (C - I))}; 0 without a backlog, -1 when {@code C <= I}. */
    static long nights(long backlog, long capacity, double inflowPerDay) {
        if (backlog == 0) {
            return 0;
        }
        double net = capacity - inflowPerDay;
        return net <= 0 ? -1 : (long) Math.ceil(backlog / net - 1e-9);
    }

    /**
     * Records a night's end: why it stopped ({@link #LIMIT}, {@link #WINDOW}, null: nothing was left) and, per
     * account, how many sessions' copies it settled.
     */
    void recordNight(String actor, Instant since, Instant end, String budgetReached) {
        Instant from = inflowFrom(since);
        List<Map.Entry<String, String>> afterArchive = afterArchive(clients.deletableProducts());
        long id = jdbc.sql(NIGHT).param("since", Timestamp.from(since)).param("end", Timestamp.from(end))
                .param("budget", budgetReached).query(Long.class).single();
        jdbc.sql(NIGHT_ACCOUNTS).param("night", id).param("since", Timestamp.from(since)).param("actor", actor)
                .param("from", Timestamp.from(from)).param("providers", codes(afterArchive))
                .param("products", products(afterArchive)).update();
    }

    /**
     * Where a night starting at {@code since} begins its share of the inflow: the previous night's start, no more
     * than {@value #INFLOW_DAYS} days back (a longer gap's harvests are still a week's); 24 h back without a
     * previous night, or when the last one recorded started later (a clock set back).
     */
    Instant inflowFrom(Instant since) {
        Timestamp previous = jdbc.sql(PREVIOUS_NIGHT).param("since", Timestamp.from(since))
                .query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1))).single() // max() of no rows: one NULL
                .orElse(null);
        if (previous == null) {
            return since.minus(Duration.ofDays(1));
        }
        Instant weekBefore = since.minus(Duration.ofDays(INFLOW_DAYS));
        return previous.toInstant().isBefore(weekBefore) ? weekBefore : previous.toInstant();
    }

    private record Night(long id, Instant startedAt, String budgetReached, Map<String, Long> settled) {
    }

    private Night lastNight() {
        Night night = jdbc.sql(LAST_NIGHT).query((rs, i) -> new Night(rs.getLong(1), rs.getTimestamp(2).toInstant(),
                rs.getString(3), new HashMap<>())).optional().orElse(null);
        if (night != null) {
            jdbc.sql(LAST_NIGHT_ACCOUNTS).param("night", night.id()).query((r, j) ->
                    night.settled().put(key(r.getString(1), r.getString(2)), r.getLong(3))).list();
        }
        return night;
    }

    /** The (provider, product) pairs whose copies are deleted after the archive: the inflow's products. */
    private List<Map.Entry<String, String>> afterArchive(List<Map.Entry<String, String>> deletable) {
        return deletable.stream()
                .filter(e -> properties.policyOf(e.getKey()) == CopyDeletionProperties.Policy.AFTER_ARCHIVE).toList();
    }

    private static String key(String provider, String account) {
        return provider + "\u0000" + account;
    }

    private static String[] codes(List<Map.Entry<String, String>> products) {
        return products.stream().map(Map.Entry::getKey).toArray(String[]::new);
    }

    private static String[] products(List<Map.Entry<String, String>> products) {
        return products.stream().map(Map.Entry::getValue).toArray(String[]::new);
    }
}
