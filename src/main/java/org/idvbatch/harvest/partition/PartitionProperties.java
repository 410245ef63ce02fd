package org.idvbatch.harvest.partition;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.idvbatch.settings.InvalidSettingException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the leased partitions (idv.harvest.partitions.* in config/application.yml).
 *
 * @param buckets        hash buckets per provider: a harvest has up to providers x buckets partitions, the
 *                       unit of work a node claims (more buckets spread one night over more nodes, at a few
 *                       milliseconds of bookkeeping each)
 * @param lease          a claim not renewed for this long is free for another node (a dead node's partitions
 *                       wait this long); renewed every third of it
 * @param pollInterval   how often an idle node looks for partitions, and the manager for their completion
 * @param waitTimeout    the longest a manager waits for its partitions; the step fails after it
 * @param workersPerNode partitions a node works at once, a daemon's pollers and a manager's own threads alike
 *                       (each partition is one account's, and makes up to {@code idv.harvest.threads} calls
 *                       concurrently): at least the number of accounts harvested at once, so each is worked
 *                       at its own pace
 * @param managerWorks   the node running the manager step works its own partitions while it waits (a one-shot
 *                       run without any daemon needs it)
 * @param nodeId         this node's name in the lease table (default host:pid)
 */
@ConfigurationProperties("idv.harvest.partitions")
public record PartitionProperties(@DefaultValue("4") int buckets, @DefaultValue("30s") Duration lease,
                                  @DefaultValue("1s") Duration pollInterval,
                                  @DefaultValue("6h") Duration waitTimeout, @DefaultValue("4") int workersPerNode,
                                  Boolean managerWorks, String nodeId) {

    public PartitionProperties {
        managerWorks = managerWorks == null || managerWorks;
        nodeId = nodeId == null || nodeId.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : nodeId;
        InvalidSettingException.atLeast("idv.harvest.partitions.buckets", buckets, 1);
        InvalidSettingException.atLeast("idv.harvest.partitions.workers-per-node", workersPerNode, 0);
        if (lease.toMillis() < 300) {
            throw new InvalidSettingException("idv.harvest.partitions.lease", lease, "at least 300ms");
        }
        InvalidSettingException.positive("idv.harvest.partitions.poll-interval", pollInterval);
        InvalidSettingException.positive("idv.harvest.partitions.wait-timeout", waitTimeout);
    }

    /** Renewing three times per lease leaves two missed heartbeats of slack before another node takes over. */
    Duration heartbeat() {
        return lease.dividedBy(3);
    }
}
