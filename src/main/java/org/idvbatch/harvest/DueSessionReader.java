package org.idvbatch.harvest;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.SessionRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the due sessions of one partition (provider x account x bucket, see {@link DuePartitioner}), earliest
 * retention deadline first, claiming them with FOR UPDATE SKIP LOCKED in the chunk's own transaction: another
 * thread, node or one-shot run never takes the same session, and a killed process's claims vanish with its
 * connection. A chunk claims at most its own size, so every claimed row is written (or released) by the
 * transaction that claimed it. It keeps no position: what is still due is the position, so a partition taken
 * over from a dead node resumes exactly where that node's last commit left it.
 * <p>
 * The partition is finished only when no due session is left, claimed or not. Due sessions that another
 * transaction holds (a one-shot run's chunk, or the chunk of a worker whose step execution was taken over and
 * is about to roll back) are waited for, up to {@code maxWait}, instead of being counted as done: when that
 * transaction ends they are either written or due again, and then this reader claims them.
 */
class DueSessionReader implements ItemReader<SessionRef> {

    private static final Logger log = LoggerFactory.getLogger(DueSessionReader.class);

    private static final String DUE_IN_PARTITION = """
              FROM verification_session
             WHERE state IN ('PENDING', 'PROCESSING') AND next_attempt_at <= ? AND retention_deadline > ?
               AND erased_at IS NULL
               AND provider = ? AND (?::text IS NULL OR account = ?::text) AND mod(id, ?) = ?
               AND NOT (id = ANY (?::bigint[]))
            """;

    static final String CLAIM_DUE = """
            SELECT id, provider, account, product, scene, merchant_biz_id, provider_ref, provider_ref_aux,
                   created_at, retention_deadline, attempts""" + DUE_IN_PARTITION + """
             ORDER BY retention_deadline, id
             LIMIT ? FOR UPDATE SKIP LOCKED
            """;

    /** Due sessions this transaction could not claim: held by another one (a plain read does not wait). */
    static final String HELD_ELSEWHERE = "SELECT count(*)" + DUE_IN_PARTITION;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final int chunkSize;
    private final DuePartitioner.Partition partition;
    private final Duration pollInterval;
    private final Duration maxWait;
    private final Deque<SessionRef> page = new ArrayDeque<>();
    private final List<Long> claimedInChunk = new ArrayList<>();
    private int readInChunk;
    private boolean exhausted;

    DueSessionReader(JdbcTemplate jdbc, Clock clock, int chunkSize, DuePartitioner.Partition partition,
                     Duration pollInterval, Duration maxWait) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.chunkSize = chunkSize;
        this.partition = partition;
        this.pollInterval = pollInterval;
        this.maxWait = maxWait;
    }

    @Override
    public SessionRef read() throws InterruptedException {
        if (readInChunk == chunkSize) {
            readInChunk = 0; // the step asks again only after the previous chunk was written
            claimedInChunk.clear();
        }
        if (page.isEmpty() && !exhausted) {
            claim(chunkSize - readInChunk);
        }
        SessionRef next = page.poll();
        if (next != null) {
            readInChunk++;
        }
        return next;
    }

    private void claim(int wanted) throws InterruptedException {
        long waitUntil = System.nanoTime() + maxWait.toNanos();
        while (true) {
            Timestamp now = Timestamp.from(clock.instant());
            Long[] taken = claimedInChunk.toArray(Long[]::new);
            jdbc.query(CLAIM_DUE, rs -> {
                page.add(new SessionRef(rs.getLong(1), Provider.fromCode(rs.getString(2)).orElseThrow(),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant(),
                        rs.getInt(11)));
            }, now, now, partition.provider(), partition.account(), partition.account(), partition.buckets(),
                    partition.bucket(), taken, wanted);
            page.forEach(s -> claimedInChunk.add(s.id()));
            if (!page.isEmpty()) {
                return;
            }
            Long held = jdbc.queryForObject(HELD_ELSEWHERE, Long.class, now, now, partition.provider(),
                    partition.account(), partition.account(), partition.buckets(), partition.bucket(), taken);
            if (held == null || held == 0) {
                exhausted = true;
                return;
            }
            if (System.nanoTime() > waitUntil) {
                log.warn("partition {}: {} due sessions still held by another transaction after {}; leaving them"
                        + " to the next run", partition, held, maxWait);
                exhausted = true;
                return;
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }
}
