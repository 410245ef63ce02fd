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
 * Splits the due sessions into provider x account x bucket partitions, the unit of work a node claims. One account
 * per partition: its chunks wait only for its own quota, so a slow or refused account never holds back another
 * account's sessions, and the partitions of every account are claimed side by side (their group, provider/account,
 * see {@link #groupOf}). The bucket is
 * the session id mod the grid size: ids come from one sequence, so buckets are even, and the function is
 * stable across PostgreSQL versions (unlike its internal hash functions). Only partitions with something due
 * are created; each due session belongs to exactly one of them. Spring Batch keeps the grid size of a
 * manager execution across its restarts, so a restarted run cuts the same buckets.
 */
class DuePartitioner implements Partitioner, PartitionContexts {

    static final String DUE_PARTITIONS = """
            SELECT provider, account, mod(id, ?)::int
              FROM verification_session
             WHERE state IN ('PENDING', 'PROCESSING') AND next_attempt_at <= ? AND retention_deadline > ?
               AND erased_at IS NULL
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
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

    /**
     * One partition as its worker's ExecutionContext names it. {@code account} is null only in a partition cut
     * before partitions were per account (provider-bN, a run killed before the upgrade and restarted after it):
     * it then takes every account of its provider, as it did.
     */
    record Partition(String provider, String account, int bucket, int buckets) {

        static final String PROVIDER = "provider";
        static final String ACCOUNT = "account";
        static final String BUCKET = "bucket";
        static final String BUCKETS = "buckets";

        /** e.g. {@code tencent-faceid.default-b2}: provider codes have no dot, account names (setting keys) none. */
        String name() {
            return group() + "-b" + bucket;
        }

        String group() {
            return account == null ? provider : provider + "." + account;
        }

        ExecutionContext context() {
            ExecutionContext ctx = new ExecutionContext();
            ctx.putString(PROVIDER, provider);
            if (account != null) {
                ctx.putString(ACCOUNT, account);
            }
            ctx.putInt(BUCKET, bucket);
            ctx.putInt(BUCKETS, buckets);
            return ctx;
        }

        static Partition parse(String partitionName, int gridSize) {
            int at = partitionName.lastIndexOf("-b");
            if (at <= 0) {
                throw new IllegalArgumentException("not a harvest partition name (provider.account-bN): "
                        + partitionName);
            }
            String group = partitionName.substring(0, at);
            int dot = group.indexOf('.');
            try {
                return new Partition(dot < 0 ? group : group.substring(0, dot), dot < 0 ? null
                        : group.substring(dot + 1), Integer.parseInt(partitionName.substring(at + 2)), gridSize);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a harvest partition name (provider.account-bN): "
                        + partitionName, e);
            }
        }
    }

    /** The partition a name of {@link Partition#name()} stands for, e.g. {@code aliyun-saf.default-b2}. */
    @Override
    public ExecutionContext contextOf(String partitionName, int gridSize) {
        return Partition.parse(partitionName, gridSize).context();
    }

    /** The account a partition works, as {@code provider.account}: partitions of one group share one quota. */
    @Override
    public String groupOf(String partitionName) {
        return Partition.parse(partitionName, 1).group();
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
            Partition p = new Partition(rs.getString(1), rs.getString(2), rs.getInt(3), gridSize);
            partitions.put(p.name(), p.context());
        }, gridSize, now, now);
        return partitions;
    }
}
