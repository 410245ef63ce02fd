package org.idvbatch.harvest;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.idvbatch.harvest.partition.PartitionContexts;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Splits the due sessions into provider x bucket partitions, the unit of work a node claims. The bucket is
 * the session id mod the grid size: ids come from one sequence, so buckets are even, and the function is
 * stable across PostgreSQL versions (unlike its internal hash functions). Only partitions with something due
 * are created; each due session belongs to exactly one of them. Spring Batch keeps the grid size of a
 * manager execution across its restarts, so a restarted run cuts the same buckets.
 */
class DuePartitioner implements Partitioner, PartitionContexts {

    static final String DUE_PARTITIONS = """
            SELECT provider, mod(id, ?)::int
              FROM verification_session
             WHERE state IN ('PENDING', 'PROCESSING') AND next_attempt_at <= ? AND retention_deadline > ?
               AND erased_at IS NULL
             GROUP BY 1, 2 ORDER BY 1, 2
            """;

    static final String DUE_COUNT = """
            SELECT count(*)
              FROM verification_session
             WHERE state IN ('PENDING', 'PROCESSING') AND next_attempt_at <= ? AND retention_deadline > ?
               AND erased_at IS NULL
            """;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    DuePartitioner(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One partition as its worker's ExecutionContext names it. */
    record Partition(String provider, int bucket, int buckets) {

        static final String PROVIDER = "provider";
        static final String BUCKET = "bucket";
        static final String BUCKETS = "buckets";

        String name() {
            return provider + "-b" + bucket;
        }

        ExecutionContext context() {
            ExecutionContext ctx = new ExecutionContext();
            ctx.putString(PROVIDER, provider);
            ctx.putInt(BUCKET, bucket);
            ctx.putInt(BUCKETS, buckets);
            return ctx;
        }
    }

    /** The partition a name of {@link Partition#name()} stands for, e.g. {@code aliyun-saf-b2}. */
    @Override
    public ExecutionContext contextOf(String partitionName, int gridSize) {
        int at = partitionName.lastIndexOf("-b");
        if (at <= 0) {
            throw new IllegalArgumentException("not a harvest partition name (provider-bN): " + partitionName);
        }
        try {
            return new Partition(partitionName.substring(0, at), Integer.parseInt(partitionName.substring(at + 2)),
                    gridSize).context();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a harvest partition name (provider-bN): " + partitionName, e);
        }
    }

    /** How many sessions are due now, in all partitions. */
    long due() {
        Timestamp now = Timestamp.from(clock.instant());
        Long n = jdbc.queryForObject(DUE_COUNT, Long.class, now, now);
        return n == null ? 0 : n;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Timestamp now = Timestamp.from(clock.instant());
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        jdbc.query(DUE_PARTITIONS, rs -> {
            Partition p = new Partition(rs.getString(1), rs.getInt(2), gridSize);
            partitions.put(p.name(), p.context());
        }, gridSize, now, now);
        return partitions;
    }
}
