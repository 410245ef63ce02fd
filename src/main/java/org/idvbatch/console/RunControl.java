package org.idvbatch.console;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.idvbatch.RejectedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * The Runs page's actions: restart a failed or stopped execution, stop a running one, and recover one that a
 * dead node left STARTED (marked failed, then restarted). A restart runs on the console's own thread, so the page
 * answers at once; its progress is the execution itself.
 */
@Component
@ConditionalOnWebApplication
class RunControl implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RunControl.class);

    private final JobOperator jobs;
    private final JobRepository repository;
    private final RunsQuery runs;
    private final ConsoleProperties props;
    private final Clock clock;
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "console-restart");
        t.setDaemon(false);
        return t;
    });

    RunControl(JobOperator jobs, JobRepository repository, RunsQuery runs, ConsoleProperties props, Clock clock) {
        this.jobs = jobs;
        this.repository = repository;
        this.runs = runs;
        this.props = props;
        this.clock = clock;
    }

    /** @return what was done, for the page and the audit row */
    String restart(long id) {
        JobExecution e = execution(id);
        if (!(e.getStatus().name().equals("FAILED") || e.getStatus().name().equals("STOPPED"))) {
            throw new RejectedInputException("execution " + id + " is " + e.getStatus()
                    + ": only a FAILED or STOPPED execution restarts");
        }
        JobExecution last = repository.getLastJobExecution(e.getJobInstance());
        if (last != null && last.getId() != id) {
            throw new RejectedInputException("execution " + id + " is not the last of its job instance: execution "
                    + last.getId() + " (" + last.getStatus() + ") came after it; restart that one if it failed");
        }
        launch(e);
        return "restart of execution " + id + " (" + e.getJobInstance().getJobName() + ") started";
    }

    String stop(long id) throws Exception {
        JobExecution e = execution(id);
        if (!e.isRunning()) {
            throw new RejectedInputException("execution " + id + " is " + e.getStatus() + ", not running");
        }
        jobs.stop(e);
        return "execution " + id + " asked to stop at its next chunk boundary";
    }

    String recoverAndRestart(long id) {
        JobExecution e = execution(id);
        RunsQuery.Execution row = runs.detail(id, clock.instant(), props.stuckAfter()).orElseThrow().execution();
        if (!runs.stuck(row, clock.instant(), props.stuckAfter())) {
            throw new RejectedInputException("execution " + id + " is " + e.getStatus() + " and not stuck: it was"
                    + " updated within " + props.stuckAfter() + " or a live node holds one of its partitions");
        }
        JobExecution failed = jobs.recover(e);
        launch(failed);
        return "execution " + id + " marked failed (its node is gone) and a restart started";
    }

    private JobExecution execution(long id) {
        JobExecution e;
        try {
            e = repository.getJobExecution(id);
        } catch (org.springframework.dao.EmptyResultDataAccessException none) { // Spring Batch 6 throws, 5 answered null
            e = null;
        }
        if (e == null) {
            throw new RejectedInputException("no job execution " + id);
        }
        return e;
    }

    private void launch(JobExecution e) {
        launcher.submit(() -> {
            try {
                JobExecution next = jobs.restart(e);
                log.info("console restart of execution {} ran as execution {}: {}", e.getId(), next.getId(),
                        next.getStatus());
            } catch (Exception ex) {
                log.error("console restart of execution {} failed: {}", e.getId(), ex.toString());
            }
        });
    }

    @Override
    public void destroy() throws InterruptedException {
        launcher.shutdown();
        launcher.awaitTermination(30, TimeUnit.SECONDS);
    }
}
