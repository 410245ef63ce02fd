package org.idvbatch.bench.harvest;

import java.util.List;
import org.idvbatch.RejectedInputException;

/**
 * The options of {@code harvest-bench --nodes N}, checked before anything starts: a run starts N JVMs on two cores
 * and lasts about work-seconds plus the nodes' start, so what would not fit a machine or cannot mean a run is
 * refused in one line.
 *
 * @param nodes            idv-batch processes (2 to 5): node-1 the one-shot {@code harvest}, the others daemons
 * @param quotas           one account per entry, its QPS quota (1 to 4 accounts, 1 to 1000 QPS each)
 * @param workSeconds      sessions per account = this many seconds of its quota's work (10 to 600)
 * @param killAfterSeconds seconds after the first call when a daemon is killed (1 to work-seconds - 1)
 * @param leaseSeconds     the partitions' lease (1 to 120 s): how long a killed node's partitions wait
 * @param workersPerNode   partitions a node works at once (1 to 16)
 */
record HarvestClusterOptions(int nodes, List<Integer> quotas, int workSeconds, int killAfterSeconds,
                             int leaseSeconds, int workersPerNode) {

    static final int MAX_NODES = 5;

    HarvestClusterOptions {
        if (nodes < 2 || nodes > MAX_NODES) {
            throw new RejectedInputException("--nodes must be 2.." + MAX_NODES + " (one node is the single-process"
                    + " bench, without --nodes), not " + nodes);
        }
        if (quotas == null || quotas.isEmpty() || quotas.size() > 4
                || quotas.stream().anyMatch(q -> q == null || q < 1 || q > 1000)) {
            throw new RejectedInputException("--quotas takes 1 to 4 accounts' QPS, each 1..1000, e.g. 100,20; not "
                    + quotas);
        }
        if (workSeconds < 10 || workSeconds > 600) {
            throw new RejectedInputException("--work-seconds must be 10..600, not " + workSeconds);
        }
        if (killAfterSeconds < 1 || killAfterSeconds >= workSeconds) {
            throw new RejectedInputException("--kill-after must be 1.." + (workSeconds - 1) + " seconds (within"
                    + " --work-seconds), not " + killAfterSeconds);
        }
        if (leaseSeconds < 1 || leaseSeconds > 120) {
            throw new RejectedInputException("--lease must be 1..120 seconds, not " + leaseSeconds);
        }
        if (workersPerNode < 1 || workersPerNode > 16) {
            throw new RejectedInputException("--workers-per-node must be 1..16, not " + workersPerNode);
        }
        quotas = List.copyOf(quotas);
    }
}
