package org.idvbatch.housekeeping;

import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.ledger.*}: how long the ledger keeps what it keeps (config/application.yml documents each).
 *
 * @param identityRetention how long after its creation a session keeps its name and ID-number masks and keyed
 *                          hashes; then the nightly housekeeping blanks them (not under legal hold). Unless set, the
 *                          evidence's default retention ({@code idv.archive.retention.default}, 3y): the classpath
 *                          application.yml refers to it, so the two move together until one is set on its own
 * @param retention         how long a closed month of the ledger keeps its sessions and their call-level rows (billable,
 *                          provider and reconciliation calls) after it ends; then they are removed, after the month's
 *                          figures are rolled up. Default 5 years: the PBoC keeps customer identity records at least
 *                          five years
 * @param billingRetention  how long a removed month's roll-up is kept after the month ends. Default 10 years: accounting
 *                          records; never shorter than {@code retention}
 */
@ConfigurationProperties("idv.ledger")
record LedgerRetentionProperties(@DefaultValue("3y") Period identityRetention, @DefaultValue("5y") Period retention,
                                 @DefaultValue("10y") Period billingRetention) {

    public LedgerRetentionProperties {
        Periods.positive("idv.ledger.identity-retention", identityRetention);
        Periods.positive("idv.ledger.retention", retention);
        Periods.positive("idv.ledger.billing-retention", billingRetention);
        if (Periods.shorter(billingRetention, retention)) {
            throw new org.idvbatch.settings.InvalidSettingException("idv.ledger.billing-retention",
                    Periods.show(billingRetention), "at least idv.ledger.retention (" + Periods.show(retention)
                            + "): a month's roll-up outlives its detail");
        }
    }
}
