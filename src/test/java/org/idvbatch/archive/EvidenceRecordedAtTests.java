package org.idvbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.idvbatch.provider.EvidenceType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An evidence row is recorded at the application's clock, as its purge is: the orphan sweep lists the folders of the
 * rows recorded since its last mark (an instant of that clock) and the Compliance sheet counts the rows recorded in
 * a business month. The rows used to take the database's {@code now()}: a night run with its clock elsewhere (a test,
 * scale-bench's copies of a night eleven months back) recorded them at the wall clock, and every later sweep read
 * them as recorded since its mark.
 */
@ArchiveIntegrationTest
class EvidenceRecordedAtTests {

    static final Instant NIGHT = Instant.parse("2025-03-04T18:00:00Z"); // 02:00 in Asia/Shanghai

    @Autowired
    EvidenceArchive archive;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void clean() {
        EvidenceFixtures.reset(jdbc);
    }

    @Test
    void aRowIsRecordedAtTheApplicationsClockNotTheDatabasesWallClock() {
        Instant captured = NIGHT.minusSeconds(3600);
        long session = EvidenceFixtures.session(jdbc, "aliyun-saf", "face_verify", captured);
        EvidenceObjects.SealedObject sealed = archive.seal(new EvidenceItem(session, "aliyun-saf", "face_verify",
                EvidenceType.FACE_IMAGE, 0, EvidenceFixtures.jpeg(session), captured)).object();
        EvidenceRows rows = new EvidenceRows(jdbc, Clock.fixed(NIGHT, ZoneOffset.UTC));

        rows.insert(List.of(sealed), s -> NIGHT.plusSeconds(86_400));

        assertThat(jdbc.sql("SELECT created_at FROM evidence_archive WHERE session_id = :s").param("s", session)
                .query(Timestamp.class).single().toInstant()).isEqualTo(NIGHT);
    }
}
