package org.idvbatch.reconcile;

import java.math.BigDecimal;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.reconcile.*}.
 *
 * @param tariffs         the tariff file (validated at start)
 * @param inbox           folder where console statement exports are dropped; accepted/ and rejected/ beneath
 * @param countTolerance  absolute difference in calls per line still reported as matching counts
 * @param amountTolerance absolute difference in CNY per line still reported as matching amounts
 */
@ConfigurationProperties("idv.reconcile")
public record ReconcileProperties(@DefaultValue("config/tariffs.yml") Path tariffs,
                                  Path inbox,
                                  @DefaultValue("0") long countTolerance,
                                  @DefaultValue("0.00") BigDecimal amountTolerance) {

    public ReconcileProperties {
        if (countTolerance < 0 || amountTolerance.signum() < 0) {
            throw new IllegalArgumentException("idv.reconcile.count-tolerance and amount-tolerance must be >= 0");
        }
    }
}
