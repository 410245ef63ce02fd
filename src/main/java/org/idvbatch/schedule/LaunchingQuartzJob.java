package org.idvbatch.schedule;

import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * A Quartz job that only starts a Spring Batch run (Quartz triggers; Spring Batch owns state and restart). A
 * run that cannot be started is a Quartz job failure naming what could not be started.
 */
abstract class LaunchingQuartzJob extends QuartzJobBean {

    /** What this trigger starts, for the failure message. */
    abstract String what();

    abstract void launch() throws Exception;

    @Override
    protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
        try {
            launch();
        } catch (Exception e) {
            throw new JobExecutionException(what() + " could not be started: " + e.getMessage(), e);
        }
    }
}
