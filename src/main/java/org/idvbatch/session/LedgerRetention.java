package org.idvbatch.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.idvbatch.provider.Provider;
import org.postgresql.util.PGInterval;

/**
 * Each provider's retention as {@code provider_retention_policy} holds it, applied in Java exactly as the
 * database applies {@code created_at + retention}: months, then days on the session time zone's calendar, then
 * the time part. The direct load writes the deadline itself, so that no row pays for the defaults trigger.
 */
final class LedgerRetention {

    private static final String READ_POLICY = "SELECT provider, retention FROM provider_retention_policy";

    private record Interval(int months, int days, Duration time) {
    }

    private final Map<Provider, Interval> byProvider;
    private final ZoneId sessionZone;

    private LedgerRetention(Map<Provider, Interval> byProvider, ZoneId sessionZone) {
        this.byProvider = byProvider;
        this.sessionZone = sessionZone;
    }

    /** The policy read on this connection, or empty when its time zone is not one Java knows the rules of. */
    static Optional<LedgerRetention> read(Connection con) throws SQLException {
        Map<Provider, Interval> policy = new EnumMap<>(Provider.class);
        ZoneId zone;
        try (Statement st = con.createStatement()) {
            try (var rs = st.executeQuery("SHOW TimeZone")) {
                rs.next();
                zone = ZoneId.of(rs.getString(1));
            } catch (DateTimeException unknownToJava) {
                return Optional.empty();
            }
            try (var rs = st.executeQuery(READ_POLICY)) {
                while (rs.next()) {
                    PGInterval i = (PGInterval) rs.getObject(2);
                    double seconds = i.getSeconds();
                    long micros = Math.round(seconds * 1_000_000d);
                    Duration time = Duration.ofHours(i.getHours()).plusMinutes(i.getMinutes())
                            .plus(Duration.ofNanos(micros * 1_000));
                    Provider.fromCode(rs.getString(1)).ifPresent(p ->
                            policy.put(p, new Interval(i.getYears() * 12 + i.getMonths(), i.getDays(), time)));
                }
            }
        }
        return Optional.of(new LedgerRetention(policy, zone));
    }

    Instant deadline(Provider provider, Instant createdAt) {
        Interval i = byProvider.get(provider);
        if (i == null) {
            throw new IllegalStateException("provider_retention_policy has no row for " + provider.code());
        }
        return createdAt.atZone(sessionZone).plusMonths(i.months()).plusDays(i.days()).toInstant().plus(i.time());
    }
}
