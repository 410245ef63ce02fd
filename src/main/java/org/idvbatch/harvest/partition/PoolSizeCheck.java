package org.idvbatch.harvest.partition;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.idvbatch.settings.InvalidSettingException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Refuses, at start, a connection pool too small for the partitions a node works at once. Each partition's chunk
 * transaction holds a connection while its provider calls run, and each call first reserves its slot of the
 * cluster's pace in a short transaction of its own. A node works {@code workers-per-node} partitions as a daemon's
 * pollers and as many again in a manager's threads; with every connection held by a chunk, the calls' reservations
 * waited for the pool's timeout and the node lost its leases (eight connections, four partitions a node:
 * ClusterFailoverTests). So the pool must hold two per partition worker and two more (reservations, the job
 * repository).
 */
@Component
class PoolSizeCheck implements SmartInitializingSingleton {

    private final DataSource dataSource;
    private final PartitionProperties partitions;

    PoolSizeCheck(DataSource dataSource, PartitionProperties partitions) {
        this.dataSource = dataSource;
        this.partitions = partitions;
    }

    /** The fewest connections a node working {@code workersPerNode} partitions needs. */
    static int needed(int workersPerNode) {
        return 2 * workersPerNode + 2;
    }

    @Override
    public void afterSingletonsInstantiated() {
        check(poolSize(dataSource), partitions.workersPerNode());
    }

    static void check(int poolSize, int workersPerNode) {
        if (poolSize > 0 && poolSize < needed(workersPerNode)) {
            throw new InvalidSettingException("spring.datasource.hikari.maximum-pool-size", poolSize, "at least "
                    + needed(workersPerNode) + " with idv.harvest.partitions.workers-per-node=" + workersPerNode
                    + " (two connections per partition a node works, and two more): a partition's chunk holds one"
                    + " while its calls reserve their pace in another");
        }
    }

    /** The pool's maximum size, or 0 when the data source is not a HikariCP pool (nothing to check). */
    private static int poolSize(DataSource ds) {
        try {
            HikariDataSource pool = ds instanceof HikariDataSource h ? h
                    : ds.isWrapperFor(HikariDataSource.class) ? ds.unwrap(HikariDataSource.class) : null;
            return pool == null ? 0 : pool.getMaximumPoolSize();
        } catch (SQLException e) {
            return 0;
        }
    }
}
