package org.idvbatch.reconcile.tariff;

import java.util.List;
import java.util.Set;

/** The price list of one provider + product + charge type. */
public record Tariff(String provider, String product, String chargeType, Set<String> billableResultCodes,
                     List<PriceVersion> prices) {

    public Tariff {
        billableResultCodes = Set.copyOf(billableResultCodes);
        prices = List.copyOf(prices);
    }

    String label() {
        return provider + "/" + product + "/" + chargeType;
    }
}
