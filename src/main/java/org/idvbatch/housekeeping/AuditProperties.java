package org.idvbatch.housekeeping;

import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.audit.*}.
 *
 * @param retention how long audit rows are kept (operator_action, console_audit, evidence_audit and the console's
 *                  sign-in tally); at least 6 months (Cybersecurity Law art. 21), refused at start below that.
 *                  Default 3y: the evidence's default retention (an export's or a purge's record lives as long as
 *                  the images it speaks of could) and the Civil Code's general limitation period (art. 188) for a
 *                  claim a person might bring about how their data was handled
 */
@ConfigurationProperties("idv.audit")
record AuditProperties(@DefaultValue("3y") Period retention) {

    public AuditProperties {
        Periods.atLeastSixMonths("idv.audit.retention", retention);
    }
}
