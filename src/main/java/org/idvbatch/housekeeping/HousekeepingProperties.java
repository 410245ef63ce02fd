package org.idvbatch.housekeeping;

import java.time.Duration;
import org.idvbatch.settings.InvalidSettingException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.housekeeping.*}.
 *
 * @param batch      rows (sessions, audit rows, job instances) a housekeeping step handles per transaction
 * @param stepBudget how long one night's step of a rule may run, on the application's clock: past it, the step ends
 *                   after its current batch and the next night carries on where it stopped (a large month's removal
 *                   spreads over nights instead of holding one night for hours)
 */
@ConfigurationProperties("idv.housekeeping")
record HousekeepingProperties(@DefaultValue("5000") int batch, @DefaultValue("1h") Duration stepBudget) {

    public HousekeepingProperties {
        InvalidSettingException.atLeast("idv.housekeeping.batch", batch, 1);
        InvalidSettingException.positive("idv.housekeeping.step-budget", stepBudget);
    }
}
