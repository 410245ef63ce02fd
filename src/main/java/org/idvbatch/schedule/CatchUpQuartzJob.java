package org.idvbatch.schedule;

import org.idvbatch.reconcile.CatchUpRunner;
import org.quartz.DisallowConcurrentExecution;
import org.springframework.beans.factory.annotation.Autowired;

/** Bridges the daytime catch-up trigger to the {@code reconcileCatchUp} job; never concurrent in the cluster. */
@DisallowConcurrentExecution
public class CatchUpQuartzJob extends LaunchingQuartzJob {

    private CatchUpRunner runner;

    @Autowired // SpringBeanJobFactory creates jobs with annotation-driven injection only
    public void setCatchUpRunner(CatchUpRunner runner) {
        this.runner = runner;
    }

    @Override
    String what() {
        return "reconciliation catch-up";
    }

    @Override
    void launch() throws Exception {
        runner.run();
    }
}
