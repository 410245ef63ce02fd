package org.idvbatch.harvest;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.SessionRef;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the due sessions of one partition (provider x bucket, see {@link DuePartitioner}), earliest
 * retention deadline first, claiming them with FOR UPDATE SKIP LOCKED in the chunk's own transaction: another
 * thread, node or one-shot run never takes the same session, and a killed process's claims vanish with its
 * connection. The page is exactly one chunk, so every claimed row is written (or released) by the transaction
 * that claimed it. It keeps no position: what is still due is the position, so a partition taken over from a
 * dead node resumes exactly where that node's last commit left it.
 */
class DueSessionReader implements ItemReader<SessionRef> {

    static final String CLAIM_DUE = """
            SELECT id, provider, account, product, scene, merchant_biz_id, provider_ref, provider_ref_aux,
                   created_at, retention_deadline, attempts
              FROM verification_session
             WHERE state IN ('PENDING', 'PROCESSING') AND next_attempt_at <= ? AND retention_deadline > ?
               AND provider = ? AND mod(id, ?) = ?
             ORDER BY retention_deadline, id
             LIMIT ? FOR UPDATE SKIP LOCKED
            """;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final int chunkSize;
    private final DuePartitioner.Partition partition;
    private final Deque<SessionRef> page = new ArrayDeque<>();
    private int readInChunk;
    private boolean exhausted;

    DueSessionReader(JdbcTemplate jdbc, Clock clock, int chunkSize, DuePartitioner.Partition partition) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.chunkSize = chunkSize;
        this.partition = partition;
    }

    @Override
    public SessionRef read() {
        if (readInChunk == chunkSize) {
            readInChunk = 0; // the step asks again only after the previous chunk was written
        }
        if (readInChunk == 0 && page.isEmpty() && !exhausted) {
            claimPage();
        }
        SessionRef next = page.poll();
        if (next != null) {
            readInChunk++;
        }
        return next;
    }

    private void claimPage() {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.query(CLAIM_DUE, rs -> {
            page.add(new SessionRef(rs.getLong(1), Provider.fromCode(rs.getString(2)).orElseThrow(), rs.getString(3),
                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                    rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant(), rs.getInt(11)));
        }, now, now, partition.provider(), partition.buckets(), partition.bucket(), chunkSize);
        exhausted = page.size() < chunkSize;
    }
}
