package org.idvbatch.schedule;

import org.idvbatch.harvest.HarvestRunner;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Bridges the frequent daytime harvest trigger to the {@code harvest} job; never concurrent in the cluster. */
@DisallowConcurrentExecution
public class HarvestQuartzJob extends QuartzJobBean {

    private HarvestRunner runner;

    @Autowired // SpringBeanJobFactory creates jobs with annotation-driven injection only
    public void setHarvestRunner(HarvestRunner runner) {
        this.runner = runner;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
        try {
            runner.run();
        } catch (Exception e) {
            throw new JobExecutionException("harvest could not be started: " + e.getMessage(), e);
        }
    }
}
