package org.idvbatch.reconcile.tariff;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A prepaid resource package (资源包): {@code calls} calls of one provider, product and charge type, bought for
 * {@code price}, usable from {@code validFrom} to {@code validTo} inclusive (business dates). The provider's bill
 * deducts covered calls from it instead of charging them, in the order the calls were made.
 */
public record ResourcePackage(String provider, String product, String chargeType, long calls, BigDecimal price,
                              LocalDate validFrom, LocalDate validTo) {

    public String label() {
        return provider + "/" + product + "/" + chargeType + " " + calls + " calls " + validFrom + ".." + validTo;
    }
}
