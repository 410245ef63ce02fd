package org.idvbatch.housekeeping;

import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.ledger.*}: how long the ledger keeps what it keeps (config/application.yml documents each). The
 * ledger's own months ({@code idv.ledger.retention}, with its housekeeping step) belong here too when they come.
 *
 * @param identityRetention how long after its creation a session keeps its name and ID-number masks and keyed
 *                          hashes; then the nightly housekeeping blanks them (not under legal hold). Unless set, the
 *                          evidence's default retention ({@code idv.archive.retention.default}, 3y): the classpath
 *                          application.yml refers to it, so the two move together until one is set on its own
 */
@ConfigurationProperties("idv.ledger")
record LedgerRetentionProperties(@DefaultValue("3y") Period identityRetention) {

    public LedgerRetentionProperties {
        Periods.positive("idv.ledger.identity-retention", identityRetention);
    }
}
