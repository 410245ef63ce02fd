package org.idvbatch.harvest;

import java.time.Duration;
import org.idvbatch.settings.InvalidSettingException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the harvest (idv.harvest.* in config/application.yml).
 *
 * @param chunkSize      sessions claimed, queried and written per transaction
 * @param threads        provider calls in flight at once per account (each account has its own threads and keeps
 *                       its own QPS quota, shared by every node)
 * @param repollInterval when to ask again about a session that is still PROCESSING
 * @param errorBackoff   first delay before a session whose calls kept failing is tried by a later run
 * @param atRiskMargin   an open session whose deadline is nearer than this is reported at risk
 * @param abandonAfter   a session still unfinished this long after creation is FAILED/ABANDONED (providers'
 *                       sessions are valid 30 min to 2 h; without this, Alibaba's "424 not yet" would be
 *                       re-polled for 180 days)
 * @param retry          retries of one call within a run
 * @param refusals       when to stop calling an account the provider refuses (signature, AccessKey, permission)
 */
@ConfigurationProperties("idv.harvest")
public record HarvestProperties(@DefaultValue("200") int chunkSize, @DefaultValue("32") int threads,
                                @DefaultValue("10m") Duration repollInterval,
                                @DefaultValue("5m") Duration errorBackoff,
                                @DefaultValue("12h") Duration atRiskMargin,
                                @DefaultValue("24h") Duration abandonAfter, @DefaultValue Retry retry,
                                @DefaultValue Refusals refusals) {

    public HarvestProperties {
        InvalidSettingException.atLeast("idv.harvest.chunk-size", chunkSize, 1);
        InvalidSettingException.atLeast("idv.harvest.threads", threads, 1);
        InvalidSettingException.positive("idv.harvest.repoll-interval", repollInterval);
        InvalidSettingException.positive("idv.harvest.error-backoff", errorBackoff);
        InvalidSettingException.notNegative("idv.harvest.at-risk-margin", atRiskMargin);
        InvalidSettingException.positive("idv.harvest.abandon-after", abandonAfter);
    }

    /**
     * @param inARow refusals of an account in a row after which its sessions are not called (they stay due)
     * @param pause  how long the account is then left alone before it is tried again
     */
    public record Refusals(@DefaultValue("3") int inARow, @DefaultValue("15m") Duration pause) {

        public Refusals {
            InvalidSettingException.atLeast("idv.harvest.refusals.in-a-row", inARow, 1);
            InvalidSettingException.notNegative("idv.harvest.refusals.pause", pause);
        }
    }

    /**
     * @param maxRetries   retries after the first call (throttled, 5xx, timeouts)
     * @param initialDelay first backoff; doubles each retry
     * @param maxDelay     backoff ceiling
     * @param jitter       random spread added to each delay so retries of many threads do not align
     */
    public record Retry(@DefaultValue("4") int maxRetries, @DefaultValue("200ms") Duration initialDelay,
                        @DefaultValue("5s") Duration maxDelay, @DefaultValue("100ms") Duration jitter) {

        public Retry {
            InvalidSettingException.atLeast("idv.harvest.retry.max-retries", maxRetries, 0);
            InvalidSettingException.notNegative("idv.harvest.retry.initial-delay", initialDelay);
            InvalidSettingException.notNegative("idv.harvest.retry.max-delay", maxDelay);
            InvalidSettingException.notNegative("idv.harvest.retry.jitter", jitter);
        }
    }
}
