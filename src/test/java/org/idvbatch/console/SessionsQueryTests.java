package org.idvbatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IdvIntegrationTest
class SessionsQueryTests {

    @Autowired
    JdbcClient jdbc;

    SessionsQuery query;

    @BeforeEach
    void ledgerOfThreeDaysAndALateBackfill() {
        LedgerFixtures.clear(jdbc);
        query = new SessionsQuery(jdbc);
        // 2026-11-17 in Shanghai runs from 11-16T16:00Z to 11-17T16:00Z
        LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "day16-late", Instant.parse("2026-11-16T15:59:59Z"));
        LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "day17-first", Instant.parse("2026-11-16T16:00:00Z"));
        LedgerFixtures.insertSession(jdbc, "aliyun-cloudauth", "FaceVerify", "day17-mid", Instant.parse("2026-11-17T04:00:00Z"));
        LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "day17-last", Instant.parse("2026-11-17T15:59:59Z"));
        LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "day18", Instant.parse("2026-11-17T16:00:00Z"));
        // recorded days later, by a backfill: its id lies far above the day's other sessions
        LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "day18-b", Instant.parse("2026-11-18T01:00:00Z"));
        LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "day17-backfilled", Instant.parse("2026-11-17T08:00:00Z"));
    }

    @Test
    void aBusinessDayShowsAllItsSessionsNewestRecordedFirstThoughABackfillRecordedOneLater() {
        assertThat(refs(new SessionsQuery.Filter(null, null, null, null, LocalDate.parse("2026-11-17"), 0)))
                .containsExactly("day17-backfilled", "day17-last", "day17-mid", "day17-first");
        assertThat(refs(new SessionsQuery.Filter(null, null, "PENDING", "tencent-faceid", LocalDate.parse("2026-11-17"), 0)))
                .containsExactly("day17-backfilled", "day17-last", "day17-first");
    }

    @Test
    void aDayWithoutSessionsIsAnEmptyPage() {
        SessionsQuery.Page page = query.search(new SessionsQuery.Filter(null, null, null, null,
                LocalDate.parse("2026-11-20"), 0), 50);
        assertThat(page.rows()).isEmpty();
        assertThat(page.hasNext()).isFalse();
    }

    @Test
    void withoutADayTheWholeLedgerIsPagedNewestRecordedFirst() {
        SessionsQuery.Page first = query.search(new SessionsQuery.Filter(null, null, null, "tencent-faceid", null, 0), 3);
        assertThat(first.rows()).extracting(SessionsQuery.Row::providerRef)
                .containsExactly("day17-backfilled", "day18-b", "day18");
        assertThat(first.hasNext()).isTrue();
        SessionsQuery.Page second = query.search(new SessionsQuery.Filter(null, null, null, "tencent-faceid", null, 1), 3);
        assertThat(second.rows()).extracting(SessionsQuery.Row::providerRef)
                .containsExactly("day17-last", "day17-first", "day16-late");
        assertThat(second.hasNext()).isFalse();
    }

    private java.util.List<String> refs(SessionsQuery.Filter filter) {
        return query.search(filter, 50).rows().stream().map(SessionsQuery.Row::providerRef).toList();
    }
}
