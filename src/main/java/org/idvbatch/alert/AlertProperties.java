package org.idvbatch.alert;

import java.net.URI;
import java.time.Duration;
import org.idvbatch.settings.InvalidSettingException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.alerts.*}: an alert is raised when a count is <em>above</em> its threshold (0 = any).
 *
 * @param webhookUrl                   JSON POST receiver; empty = log and metrics only
 * @param atRiskThreshold              open sessions near their retention deadline
 * @param expiredThreshold             sessions that expired unharvested in one run
 * @param reconcileDifferenceThreshold differing reconciliation lines of one run
 * @param webhookAttempts              attempts per alert before it is dropped (logged)
 * @param webhookBackoff               delay before the second attempt; doubles each time
 * @param webhookTimeout               connect and response timeout of one attempt
 * @param exceptionMaxAge              how old an unexplained reconciliation exception may get (default 7 days)
 * @param copyBacklogThreshold         sessions of one provider account still due for deletion after a night
 */
@ConfigurationProperties("idv.alerts")
public record AlertProperties(URI webhookUrl, @DefaultValue("0") long atRiskThreshold,
                              @DefaultValue("0") long expiredThreshold,
                              @DefaultValue("0") long reconcileDifferenceThreshold,
                              @DefaultValue("5") int webhookAttempts, @DefaultValue("2s") Duration webhookBackoff,
                              @DefaultValue("10s") Duration webhookTimeout,
                              @DefaultValue("7d") Duration exceptionMaxAge,
                              @DefaultValue("0") long copyBacklogThreshold) {

    public AlertProperties {
        webhookUrl = webhookUrl == null || webhookUrl.toString().isBlank() ? null : webhookUrl; // "webhook-url:" = none
        InvalidSettingException.atLeast("idv.alerts.webhook-attempts", webhookAttempts, 1);
        notNegative("idv.alerts.at-risk-threshold", atRiskThreshold);
        notNegative("idv.alerts.expired-threshold", expiredThreshold);
        notNegative("idv.alerts.reconcile-difference-threshold", reconcileDifferenceThreshold);
        notNegative("idv.alerts.copy-backlog-threshold", copyBacklogThreshold);
        InvalidSettingException.notNegative("idv.alerts.webhook-backoff", webhookBackoff);
        InvalidSettingException.positive("idv.alerts.webhook-timeout", webhookTimeout);
        InvalidSettingException.positive("idv.alerts.exception-max-age", exceptionMaxAge);
    }

    private static void notNegative(String setting, long threshold) {
        if (threshold < 0) {
            throw new InvalidSettingException(setting, threshold, "0 (any) or more");
        }
    }
}
