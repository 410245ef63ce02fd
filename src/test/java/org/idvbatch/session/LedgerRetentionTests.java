package org.idvbatch.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.provider.Provider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@IdvIntegrationTest
class LedgerRetentionTests {

    @Autowired
    DataSource dataSource;

    @Test
    void theDeadlineWrittenByTheDirectLoadIsTheOneTheDatabaseComputesEvenAcrossSummerTime() throws SQLException {
        try (Connection con = dataSource.getConnection()) {
            con.setAutoCommit(false);
            try (Statement st = con.createStatement()) {
                st.execute("SET LOCAL TimeZone = 'America/New_York'"); // days are calendar days there, 23 to 25 h
                st.execute("UPDATE provider_retention_policy SET retention = interval '1 month 2 days 03:04:05.123456'"
                        + " WHERE provider = 'aliyun-idv'");
            }
            LedgerRetention retention = LedgerRetention.read(con).orElseThrow();
            try (PreparedStatement database = con.prepareStatement("SELECT ?::timestamptz + retention"
                    + " FROM provider_retention_policy WHERE provider = ?")) {
                for (String createdAt : new String[]{"2026-03-07T12:30:00Z", "2026-10-31T06:59:59.999999Z",
                        "2026-11-24T01:00:00Z", "2026-01-31T23:00:00Z"}) {
                    for (Provider provider : new Provider[]{Provider.ALIYUN_IDV, Provider.TENCENT_FACEID}) {
                        database.setObject(1, OffsetDateTime.parse(createdAt));
                        database.setString(2, provider.code());
                        try (var rs = database.executeQuery()) {
                            rs.next();
                            Instant expected = rs.getObject(1, OffsetDateTime.class).toInstant();
                            assertThat(retention.deadline(provider, Instant.parse(createdAt)))
                                    .as(provider.code() + " from " + createdAt).isEqualTo(expected);
                        }
                    }
                }
            } finally {
                con.rollback();
            }
        }
    }

    @Test
    void binaryCopyCountsMicrosecondsFromPostgresEpoch() {
        assertThat(LedgerCopyEncoder.pgMicros(Instant.parse("2000-01-01T00:00:00Z"))).isZero();
        assertThat(LedgerCopyEncoder.pgMicros(Instant.parse("1999-12-31T23:59:59.999999Z"))).isEqualTo(-1);
        assertThat(LedgerCopyEncoder.pgMicros(OffsetDateTime.of(2026, 11, 24, 1, 0, 0, 123_456_000, ZoneOffset.UTC)
                .toInstant())).isEqualTo(848_797_200_123_456L);
    }
}
