package org.idvbatch.schedule;

import org.idvbatch.harvest.HarvestRunner;
import org.quartz.DisallowConcurrentExecution;
import org.springframework.beans.factory.annotation.Autowired;

/** Bridges the frequent daytime harvest trigger to the {@code harvest} job; never concurrent in the cluster. */
@DisallowConcurrentExecution
public class HarvestQuartzJob extends LaunchingQuartzJob {

    private HarvestRunner runner;

    @Autowired // SpringBeanJobFactory creates jobs with annotation-driven injection only
    public void setHarvestRunner(HarvestRunner runner) {
        this.runner = runner;
    }

    @Override
    String what() {
        return "harvest";
    }

    @Override
    void launch() throws Exception {
        runner.run();
    }
}
