package org.idvbatch.harvest.partition;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A daemon's worker threads: each claims a free or expired partition of any job in the cluster, runs it, and
 * looks again after the poll interval when there was none. On stop (SIGTERM) they finish the current chunk and
 * release their leases, so another node continues at once instead of after the lease.
 */
class PartitionPollers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PartitionPollers.class);

    private final PartitionWorker worker;
    private final PartitionProperties props;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    PartitionPollers(PartitionWorker worker, PartitionProperties props) {
        this.worker = worker;
        this.props = props;
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 0; i < props.workersPerNode(); i++) {
            Thread t = new Thread(this::poll, "partition-worker-" + i);
            threads.add(t);
            t.start();
        }
        log.info("node {} works leased partitions with {} thread(s)", worker.nodeId(), threads.size());
    }

    private void poll() {
        while (running) {
            try {
                if (!worker.workAny()) {
                    Thread.sleep(props.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("partition poller: {}; trying again", e.toString());
                sleepQuietly();
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(props.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        worker.stop();
        for (Thread t : threads) {
            try {
                t.join(); // the current chunk finishes (bounded by the provider timeouts), then the lease is freed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
