package org.idvbatch.schedule;

import java.util.List;
import java.util.Objects;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Installs the configured triggers in the shared (clustered) job store before the scheduler starts. A stored
 * trigger with the same schedule is kept as it is, so its next fire time is not recomputed from "now"
 * (Spring's overwrite-existing-jobs would do that, and a night missed while all nodes were down would then
 * be silently skipped instead of misfiring once). A changed schedule replaces the stored trigger. Nodes
 * starting together race harmlessly: the loser of {@code scheduleJob} finds the winner's trigger.
 */
class TriggerInstaller implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(TriggerInstaller.class);

    private final Scheduler scheduler;
    private final List<Trigger> triggers;

    TriggerInstaller(Scheduler scheduler, List<Trigger> triggers) {
        this.scheduler = scheduler;
        this.triggers = List.copyOf(triggers);
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            for (Trigger wanted : triggers) {
                install(wanted);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot install the daemon's triggers: " + e.getMessage(), e);
        }
    }

    private void install(Trigger wanted) throws SchedulerException {
        Trigger stored = scheduler.getTrigger(wanted.getKey());
        if (stored == null) {
            try {
                scheduler.scheduleJob(wanted);
                log.info("trigger {} installed; next fire {}", wanted.getKey(), wanted.getNextFireTime());
            } catch (SchedulerException e) {
                // a node starting at the same moment won the insert (Quartz reports the unique-key violation
                // as a persistence error, not always as ObjectAlreadyExistsException): adopt or fix its trigger
                if (scheduler.getTrigger(wanted.getKey()) == null) {
                    throw e;
                }
                log.info("trigger {} was installed by another node", wanted.getKey());
                install(wanted);
            }
        } else if (sameSchedule(stored, wanted)) {
            log.info("trigger {} kept; next fire {}", wanted.getKey(), stored.getNextFireTime());
        } else {
            scheduler.rescheduleJob(wanted.getKey(), wanted);
            log.info("trigger {} changed; next fire {}", wanted.getKey(), wanted.getNextFireTime());
        }
    }

    static boolean sameSchedule(Trigger stored, Trigger wanted) {
        if (stored instanceof CronTrigger s && wanted instanceof CronTrigger w) {
            return s.getCronExpression().equals(w.getCronExpression())
                    && Objects.equals(s.getTimeZone().getID(), w.getTimeZone().getID());
        }
        if (stored instanceof SimpleTrigger s && wanted instanceof SimpleTrigger w) {
            return s.getRepeatInterval() == w.getRepeatInterval();
        }
        return false;
    }
}
