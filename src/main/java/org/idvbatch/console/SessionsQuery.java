package org.idvbatch.console;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.idvbatch.time.BusinessDay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Sessions page: sessions found by merchant_biz_id, provider reference, state, provider and business date,
 * the latest recorded first (ledger id order: the primary key answers a page without sorting the ledger, where
 * created_at has only a BRIN index, V25; a day is searched within its band of ids). Identity is shown as the ledger keeps it, masked; images are never shown.
 */
@Component
@ConditionalOnWebApplication
class SessionsQuery {

    static final String SEARCH = """
            SELECT id, provider, account, product, scene, merchant_biz_id, provider_ref, created_at, state, attempts,
                   result_code, evidence_status, name_mask, id_number_mask, retention_deadline, harvested_at
              FROM verification_session
             WHERE (CAST(:bizId AS text) IS NULL OR merchant_biz_id = :bizId)
               AND (CAST(:ref AS text) IS NULL
                    OR (provider = ANY (CAST(:providers AS text[])) AND provider_ref = :ref))
               AND (CAST(:state AS text) IS NULL OR state = :state)
               AND (CAST(:provider AS text) IS NULL OR provider = :provider)
               AND (CAST(:from AS timestamptz) IS NULL OR created_at >= :from)
               AND (CAST(:to AS timestamptz) IS NULL OR created_at < :to)
               AND id BETWEEN :lowestId AND :highestId
             ORDER BY id DESC
             LIMIT :limit OFFSET :offset
            """;

    /**
     * The ledger ids a business day's sessions lie between, read through created_at's BRIN index. Sessions are
     * recorded as they start, so a day's ids are one narrow band of the primary key (a backfill of old days only
     * widens it): the search then walks the key from the day's last session back to its first, not from the
     * newest session of the ledger back to that day. {@code id + 0}: on a plain {@code min(id)} the planner walks
     * the primary key from its end until a row of the day turns up, which is the very walk this avoids
     * (console-bench: 2.5 s p95 that way on 10 M sessions).
     */
    static final String ID_BAND_OF_DAY = """
            SELECT min(id + 0), max(id + 0) FROM verification_session WHERE created_at >= :from AND created_at < :to
            """;

    /** Every provider's code: a reference alone is looked up through the unique key, one probe per provider. */
    static final String PROVIDERS = "{" + String.join(",", java.util.stream.Stream.of(
            org.idvbatch.provider.Provider.values()).map(org.idvbatch.provider.Provider::code).toList()) + "}";

    private final JdbcClient jdbc;

    SessionsQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Filter(String merchantBizId, String providerRef, String state, String provider, LocalDate date, int page) {
        Filter {
            merchantBizId = RunsQuery.blankToNull(merchantBizId);
            providerRef = RunsQuery.blankToNull(providerRef);
            state = RunsQuery.blankToNull(state);
            provider = RunsQuery.blankToNull(provider);
            page = Math.max(page, 0);
        }
    }

    record Row(long id, String provider, String account, String product, String scene, String merchantBizId,
               String providerRef, Instant createdAt, String state, int attempts, String resultCode,
               String evidenceStatus, String nameMask, String idNumberMask, Instant retentionDeadline,
               Instant harvestedAt) {
    }

    record Page(List<Row> rows, boolean hasNext, int page) {
    }

    Page search(Filter f, int size) {
        long lowestId = Long.MIN_VALUE;
        long highestId = Long.MAX_VALUE;
        if (f.date() != null) {
            long[] band = jdbc.sql(ID_BAND_OF_DAY).param("from", Timestamp.from(BusinessDay.of(f.date()).start()))
                    .param("to", Timestamp.from(BusinessDay.of(f.date()).end()))
                    .query((rs, i) -> rs.getObject(1) == null ? new long[0] : new long[]{rs.getLong(1), rs.getLong(2)})
                    .single();
            if (band.length == 0) { // no session that day
                return new Page(List.of(), false, f.page());
            }
            lowestId = band[0];
            highestId = band[1];
        }
        List<Row> rows = new ArrayList<>(jdbc.sql(SEARCH).param("bizId", f.merchantBizId())
                .param("ref", f.providerRef()).param("providers", PROVIDERS).param("state", f.state())
                .param("provider", f.provider())
                .param("from", f.date() == null ? null : Timestamp.from(BusinessDay.of(f.date()).start()))
                .param("to", f.date() == null ? null : Timestamp.from(BusinessDay.of(f.date()).end()))
                .param("lowestId", lowestId).param("highestId", highestId)
                .param("limit", size + 1).param("offset", (long) f.page() * size)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                        rs.getString(9), rs.getInt(10), rs.getString(11), rs.getString(12), rs.getString(13),
                        rs.getString(14), rs.getTimestamp(15).toInstant(),
                        rs.getTimestamp(16) == null ? null : rs.getTimestamp(16).toInstant())).list());
        boolean next = rows.size() > size;
        return new Page(next ? rows.subList(0, size) : rows, next, f.page());
    }
}
