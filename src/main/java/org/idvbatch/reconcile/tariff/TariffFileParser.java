package org.idvbatch.reconcile.tariff;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.Provider;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads {@code tariffs.yml} and refuses anything a finance team would not want priced silently. */
final class TariffFileParser {

    private static final Set<String> ENTRY_KEYS = Set.of("provider", "product", "charge-type",
            "billable-result-codes", "prices");
    private static final Set<String> PRICE_KEYS = Set.of("effective-from", "effective-to", "tiers");
    private static final Set<String> TIER_KEYS = Set.of("up-to", "unit-price");
    private static final Set<String> PACKAGE_KEYS = Set.of("provider", "product", "charge-type", "calls", "price",
            "valid-from", "valid-to");

    private final Path file;

    TariffFileParser(Path file) {
        this.file = file;
    }

    TariffBook parse() {
        byte[] bytes = read();
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (YAMLException e) {
            throw reject("", "not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("tariffs") instanceof List<?> entries) || entries.isEmpty()) {
            throw reject("", "must contain a non-empty list 'tariffs'");
        }
        List<Tariff> tariffs = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Tariff t = entry("tariffs[" + i + "]", entries.get(i));
            for (Tariff earlier : tariffs) {
                if (earlier.label().equals(t.label())) {
                    throw reject("tariffs[" + i + "] (" + t.label() + ")", "duplicates an earlier entry; put all"
                            + " its price versions under one entry");
                }
            }
            tariffs.add(t);
        }
        List<ResourcePackage> packages = new ArrayList<>();
        Object packageNodes = map.get("packages");
        if (packageNodes != null && !(packageNodes instanceof List<?>)) {
            throw reject("packages", "must be a list");
        }
        if (packageNodes instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                packages.add(resourcePackage("packages[" + i + "]", list.get(i), tariffs));
            }
        }
        return new TariffBook(tariffs, packages, sha256(bytes));
    }

    private ResourcePackage resourcePackage(String where, Object node, List<Tariff> tariffs) {
        Map<?, ?> m = map(where, node, PACKAGE_KEYS);
        String provider = text(where, m, "provider");
        String product = text(where, m, "product");
        String chargeType = text(where, m, "charge-type");
        if (tariffs.stream().noneMatch(t -> t.provider().equals(provider) && t.product().equals(product)
                && t.chargeType().equals(chargeType))) {
            throw reject(where, "no tariff for " + provider + "/" + product + "/" + chargeType
                    + ": a package deducts calls a tariff prices");
        }
        long calls = count(where + ".calls", m.get("calls"));
        BigDecimal price = unitPrice(where + ".price", m.get("price"));
        if (price.stripTrailingZeros().scale() > 2) {
            throw reject(where + ".price", price.toPlainString() + " has more than 2 decimals (CNY to the fen)");
        }
        if (m.get("valid-from") == null || m.get("valid-to") == null) {
            throw reject(where, "valid-from and valid-to are required");
        }
        LocalDate from = date(where + ".valid-from", m.get("valid-from"));
        LocalDate to = date(where + ".valid-to", m.get("valid-to"));
        if (to.isBefore(from)) {
            throw reject(where + ".valid-to", to + " is before valid-from " + from);
        }
        return new ResourcePackage(provider, product, chargeType, calls, price.setScale(2), from, to);
    }

    private Tariff entry(String where, Object node) {
        Map<?, ?> m = map(where, node, ENTRY_KEYS);
        String providerCode = text(where, m, "provider");
        Provider provider = Provider.fromCode(providerCode).orElseThrow(() -> reject(where + ".provider",
                "unknown provider '" + providerCode + "' (known: " + Provider.knownCodes() + ")"));
        String product = text(where, m, "product");
        if (!provider.products().contains(product)) {
            throw reject(where + ".product", "unknown product '" + product + "' for " + providerCode
                    + " (known: " + String.join(", ", new java.util.TreeSet<>(provider.products())) + ")");
        }
        String chargeType = text(where, m, "charge-type");
        String label = where + " (" + providerCode + "/" + product + "/" + chargeType + ")";
        Set<String> codes = new LinkedHashSet<>();
        if (m.get("billable-result-codes") instanceof List<?> list) {
            list.forEach(c -> codes.add(String.valueOf(c)));
        } else if (m.containsKey("billable-result-codes")) {
            throw reject(label + ".billable-result-codes", "must be a list");
        }
        if (!(m.get("prices") instanceof List<?> prices) || prices.isEmpty()) {
            throw reject(label + ".prices", "must be a non-empty list of price versions");
        }
        List<PriceVersion> versions = new ArrayList<>();
        for (int i = 0; i < prices.size(); i++) {
            String at = label + ".prices[" + i + "]";
            PriceVersion v = price(at, prices.get(i));
            for (PriceVersion earlier : versions) {
                if (earlier.overlaps(v)) {
                    throw reject(at, "dates overlap an earlier price version (" + earlier.from() + " .. "
                            + (earlier.to() == null ? "open" : earlier.to()) + ")");
                }
            }
            versions.add(v);
        }
        versions.sort(java.util.Comparator.comparing(PriceVersion::from));
        return new Tariff(providerCode, product, chargeType, codes, versions);
    }

    private PriceVersion price(String at, Object node) {
        Map<?, ?> m = map(at, node, PRICE_KEYS);
        LocalDate from = date(at + ".effective-from", m.get("effective-from"));
        LocalDate to = m.get("effective-to") == null ? null : date(at + ".effective-to", m.get("effective-to"));
        if (to != null && to.isBefore(from)) {
            throw reject(at + ".effective-to", to + " is before effective-from " + from);
        }
        if (!(m.get("tiers") instanceof List<?> tiers) || tiers.isEmpty()) {
            throw reject(at + ".tiers", "must be a non-empty list");
        }
        List<Tier> result = new ArrayList<>();
        long previousUpTo = 0;
        for (int i = 0; i < tiers.size(); i++) {
            String t = at + ".tiers[" + i + "]";
            Map<?, ?> tm = map(t, tiers.get(i), TIER_KEYS);
            BigDecimal price = unitPrice(t + ".unit-price", tm.get("unit-price"));
            Long upTo = tm.get("up-to") == null ? null : count(t + ".up-to", tm.get("up-to"));
            boolean last = i == tiers.size() - 1;
            if (upTo == null && !last) {
                throw reject(t + ".up-to", "missing; only the last tier may be open-ended");
            }
            if (upTo != null && last) {
                throw reject(t + ".up-to", "the last tier must be open-ended (no up-to)");
            }
            if (upTo != null && upTo <= previousUpTo) {
                throw reject(t + ".up-to", upTo + " does not increase (previous tier ends at " + previousUpTo + ")");
            }
            result.add(new Tier(previousUpTo, upTo, price));
            previousUpTo = upTo == null ? previousUpTo : upTo;
        }
        return new PriceVersion(from, to, result);
    }

    private BigDecimal unitPrice(String at, Object value) {
        if (value == null) {
            throw reject(at, "missing");
        }
        BigDecimal price;
        try {
            price = new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            throw reject(at, "'" + value + "' is not a number");
        }
        if (price.signum() < 0) {
            throw reject(at, "negative price " + price.toPlainString());
        }
        if (price.stripTrailingZeros().scale() > 4) {
            throw reject(at, price.toPlainString() + " has more than 4 decimals");
        }
        return price.setScale(4);
    }

    private long count(String at, Object value) {
        if (!(value instanceof Number n) || n.longValue() <= 0 || n.doubleValue() != n.longValue()) {
            throw reject(at, "'" + value + "' is not a positive whole number of calls");
        }
        return n.longValue();
    }

    private LocalDate date(String at, Object value) {
        if (value instanceof Date d) { // SnakeYAML turns unquoted YYYY-MM-DD into a UTC midnight Date
            return d.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        }
        try {
            return LocalDate.parse(String.valueOf(value).trim());
        } catch (DateTimeParseException e) {
            throw reject(at, "'" + value + "' is not a date YYYY-MM-DD");
        }
    }

    private Map<?, ?> map(String at, Object node, Set<String> allowed) {
        if (!(node instanceof Map<?, ?> m)) {
            throw reject(at, "must be a mapping");
        }
        for (Object key : m.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw reject(at, "unknown key '" + key + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
        return m;
    }

    private String text(String at, Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null || v.toString().isBlank()) {
            throw reject(at + "." + key, "missing");
        }
        return v.toString().trim();
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw reject("", "no such file (set idv.reconcile.tariffs to the merchant's tariff file)");
        } catch (IOException e) {
            throw reject("", "cannot be read: " + e.getMessage());
        }
    }

    private RejectedInputException reject(String where, String problem) {
        return new RejectedInputException("tariffs " + file + (where.isEmpty() ? "" : ": " + where) + ": " + problem);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
