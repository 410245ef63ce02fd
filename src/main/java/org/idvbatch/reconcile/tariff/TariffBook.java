package org.idvbatch.reconcile.tariff;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * All tariffs (and prepaid resource packages) of one validated {@code tariffs.yml}, with the file's SHA-256 so each reconciliation run records
 * which prices it used.
 */
public record TariffBook(List<Tariff> tariffs, List<ResourcePackage> packages, String sha256) {

    public TariffBook {
        tariffs = List.copyOf(tariffs);
        packages = packages == null ? List.of() : List.copyOf(packages);
    }

    public TariffBook(List<Tariff> tariffs, String sha256) {
        this(tariffs, List.of(), sha256);
    }

    /** Reads and validates a tariff file; a bad one is a RejectedInputException naming the entry and field. */
    public static TariffBook load(Path file) {
        return new TariffFileParser(file).parse();
    }

    public Optional<Tariff> find(String provider, String product, String chargeType) {
        return tariffs.stream().filter(t -> t.provider().equals(provider) && t.product().equals(product)
                && t.chargeType().equals(chargeType)).findFirst();
    }

    /** Every price band flattened, the shape the reconciliation SQL joins the ledger with. */
    public List<PriceBand> bands() {
        return tariffs.stream().flatMap(t -> t.prices().stream().flatMap(p -> p.tiers().stream().map(tier ->
                new PriceBand(t.provider(), t.product(), t.chargeType(), p.from(), p.to(), tier.fromExclusive(),
                        tier.upTo(), tier.unitPrice())))).toList();
    }

    /** One tier of one price version of one tariff. */
    public record PriceBand(String provider, String product, String chargeType, java.time.LocalDate validFrom,
                            java.time.LocalDate validTo, long fromExclusive, Long upTo,
                            java.math.BigDecimal unitPrice) {
    }
}
