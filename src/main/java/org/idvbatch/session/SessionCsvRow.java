package org.idvbatch.session;

import org.idvbatch.time.BusinessDay;
import org.idvbatch.identity.FreeTextMask;
import org.idvbatch.identity.ChineseIdNumber;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.Provider;

/**
 * One validated row of a session backfill file. Validation names the line, the column and the problem,
 * never the personal data in it.
 */
record SessionCsvRow(long line, Provider provider, String account, String product, String scene,
                     String merchantBizId, String providerRef, String providerRefAux, Instant createdAt,
                     String name, String idNumber) {

    static final List<String> REQUIRED = List.of("provider", "product", "scene", "merchant_biz_id", "provider_ref",
            "created_at");
    static final List<String> OPTIONAL = List.of("account", "provider_ref_aux", "name", "id_number");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm:ss[.SSS]");
    private static final int MAX_TEXT = 128;

    static SessionCsvRow parse(CSVRecord r, long line, List<String> header, ZoneId localZone, Instant latestAllowed) {
        Provider provider = Provider.fromCode(required(r, line, header, "provider")).orElseThrow(() ->
                reject(line, header, "provider", "unknown provider '" + FreeTextMask.forMessage(r.get("provider")) + "' (known: "
                        + Provider.knownCodes() + ")"));
        String product = required(r, line, header, "product");
        if (!provider.products().contains(product)) {
            throw reject(line, header, "product", "product '" + FreeTextMask.forMessage(product) + "' is not offered by " + provider.code()
                    + " (known: " + String.join(", ", provider.products()) + ")");
        }
        String idNumber = optional(r, line, header, "id_number");
        if (idNumber != null) {
            String problem = ChineseIdNumber.problem(idNumber.toUpperCase(),
                    BusinessDay.of(latestAllowed).date());
            if (problem != null) {
                throw reject(line, header, "id_number", "not a valid PRC ID number: " + problem);
            }
        }
        // to the microsecond the ledger keeps, cut the same way whichever COPY format carries it
        Instant createdAt = instant(required(r, line, header, "created_at"), line, header, localZone)
                .truncatedTo(ChronoUnit.MICROS);
        if (createdAt.isAfter(latestAllowed)) {
            throw reject(line, header, "created_at", "lies in the future (" + createdAt + "; at most "
                    + SessionImporter.ALLOWED_CLOCK_SKEW.toMinutes() + " minutes of clock skew are allowed)");
        }
        String account = optional(r, line, header, "account");
        String refAux = optional(r, line, header, "provider_ref_aux");
        if (provider.needsReferenceAux() && refAux == null) {
            throw reject(line, header, "provider_ref_aux", "is empty, but an " + provider.code() + " session needs"
                    + " its bizId here (the ledger contract): the result query names both");
        }
        return new SessionCsvRow(line, provider, account == null ? "default" : account, product,
                required(r, line, header, "scene"), required(r, line, header, "merchant_biz_id"),
                required(r, line, header, "provider_ref"), refAux, createdAt,
                optional(r, line, header, "name"), idNumber);
    }

    private static Instant instant(String text, long line, List<String> header, ZoneId localZone) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text, LOCAL).atZone(localZone).toInstant();
            } catch (DateTimeException e) {
                throw reject(line, header, "created_at", "'" + FreeTextMask.forMessage(text) + "' is not a timestamp (ISO-8601 with offset,"
                        + " or yyyy-MM-dd HH:mm:ss in " + localZone + ")");
            }
        }
    }

    private static String required(CSVRecord r, long line, List<String> header, String column) {
        String v = optional(r, line, header, column);
        if (v == null) {
            throw reject(line, header, column, "is empty but required");
        }
        return v;
    }

    private static String optional(CSVRecord r, long line, List<String> header, String column) {
        if (!r.isMapped(column) || !r.isSet(column)) {
            return null;
        }
        String v = r.get(column).strip();
        if (v.length() > MAX_TEXT) {
            throw reject(line, header, column, "is longer than " + MAX_TEXT + " characters");
        }
        return v.isEmpty() ? null : v;
    }

    static RejectedInputException reject(long line, List<String> header, String column, String problem) {
        int col = header.indexOf(column) + 1;
        return new RejectedInputException("line " + line + ", column " + col + " (" + column + "): " + problem);
    }
}
