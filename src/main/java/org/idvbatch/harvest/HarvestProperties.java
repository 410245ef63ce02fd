package org.idvbatch.harvest;

import java.time.Duration;
import org.idvbatch.settings.InvalidSettingException;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the harvest (idv.harvest.* in config/application.yml).
 *
 * @param chunkSize      sessions claimed, queried and written per transaction
 * @param threads        provider calls in flight at once (across accounts; each account keeps its own QPS)
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
public record HarvestProperties(Integer chunkSize, Integer threads, Duration repollInterval, Duration errorBackoff,
                                Duration atRiskMargin, Duration abandonAfter, Retry retry, Refusals refusals) {

    public HarvestProperties {
        chunkSize = chunkSize == null ? 200 : chunkSize;
        threads = threads == null ? 32 : threads;
        repollInterval = repollInterval == null ? Duration.ofMinutes(10) : repollInterval;
        errorBackoff = errorBackoff == null ? Duration.ofMinutes(5) : errorBackoff;
        atRiskMargin = atRiskMargin == null ? Duration.ofHours(12) : atRiskMargin;
        abandonAfter = abandonAfter == null ? Duration.ofHours(24) : abandonAfter;
        retry = retry == null ? new Retry(null, null, null, null) : retry;
        refusals = refusals == null ? new Refusals(null, null) : refusals;
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
    public record Refusals(Integer inARow, Duration pause) {

        public Refusals {
            inARow = inARow == null ? 3 : inARow;
            pause = pause == null ? Duration.ofMinutes(15) : pause;
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
    public record Retry(Integer maxRetries, Duration initialDelay, Duration maxDelay, Duration jitter) {

        public Retry {
            maxRetries = maxRetries == null ? 4 : maxRetries;
            initialDelay = initialDelay == null ? Duration.ofMillis(200) : initialDelay;
            maxDelay = maxDelay == null ? Duration.ofSeconds(5) : maxDelay;
            jitter = jitter == null ? Duration.ofMillis(100) : jitter;
            InvalidSettingException.atLeast("idv.harvest.retry.max-retries", maxRetries, 0);
            InvalidSettingException.notNegative("idv.harvest.retry.initial-delay", initialDelay);
            InvalidSettingException.notNegative("idv.harvest.retry.max-delay", maxDelay);
            InvalidSettingException.notNegative("idv.harvest.retry.jitter", jitter);
        }
    }
}
