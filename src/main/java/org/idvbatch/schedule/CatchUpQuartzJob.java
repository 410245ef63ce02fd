package org.idvbatch.schedule;

import org.idvbatch.reconcile.CatchUpRunner;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Bridges the daytime catch-up trigger to the {@code reconcileCatchUp} job; never concurrent in the cluster. */
@DisallowConcurrentExecution
public class CatchUpQuartzJob extends QuartzJobBean {

    private CatchUpRunner runner;

    @Autowired // SpringBeanJobFactory creates jobs with annotation-driven injection only
    public void setCatchUpRunner(CatchUpRunner runner) {
        this.runner = runner;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
        try {
            runner.run();
        } catch (Exception e) {
            throw new JobExecutionException("reconciliation catch-up could not be started: " + e.getMessage(), e);
        }
    }
}
