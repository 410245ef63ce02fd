package org.idvbatch.housekeeping;

import org.idvbatch.settings.InvalidSettingException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.housekeeping.*}.
 *
 * @param batch rows (sessions, audit rows, job instances) a housekeeping step handles per transaction
 */
@ConfigurationProperties("idv.housekeeping")
record HousekeepingProperties(@DefaultValue("5000") int batch) {

    public HousekeepingProperties {
        InvalidSettingException.atLeast("idv.housekeeping.batch", batch, 1);
    }
}
