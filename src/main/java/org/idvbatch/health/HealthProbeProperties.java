package org.idvbatch.health;

import java.time.Duration;
import org.idvbatch.settings.InvalidSettingException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The daemon's health probes ({@code idv.daemon.*}; the port and the address are the web server's, read by the
 * daemon's context).
 *
 * @param healthCache how long an archive and provider probe's answer is kept (zero: every request probes)
 */
@ConfigurationProperties("idv.daemon")
public record HealthProbeProperties(@DefaultValue("10s") Duration healthCache) {

    public HealthProbeProperties {
        InvalidSettingException.notNegative("idv.daemon.health-cache", healthCache);
    }
}
