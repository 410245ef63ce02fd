package org.idvbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.idvbatch.archive.store.ObjectStore;
import org.idvbatch.archive.store.StoredObject;
import org.idvbatch.provider.EvidenceType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The nightly orphan sweep reads what the nights since the last sweep could have left, not the whole retention: the
 * first sweep lists the whole store once; later ones only the day folders the archive wrote into (a rolled-back
 * chunk's sessions are archived again into theirs) or purged from (an interrupted purge) since.
 */
@ArchiveIntegrationTest
class NightlyOrphanSweepTests {

    static final Instant ARCHIVED_DAY = Instant.parse("2026-11-10T08:00:00Z");
    static final Instant IDLE_DAY = Instant.parse("2026-11-15T08:00:00Z");
    static final Instant RETRIED_DAY = Instant.parse("2026-11-20T08:00:00Z");
    static final Instant PURGED_DAY = Instant.parse("2026-11-05T08:00:00Z");

    @Autowired
    EvidenceArchive archive;
    @Autowired
    OrphanSweeper sweeper;
    @Autowired
    ObjectStore store;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void clean() {
        EvidenceFixtures.reset(jdbc);
    }

    @Test
    void theFirstSweepReadsTheWholeStoreThenEachOnlyTheDayFoldersArchivedIntoOrPurgedFromSince() throws Exception {
        long archived = EvidenceFixtures.session(jdbc, "aliyun-saf", "face_verify", ARCHIVED_DAY);
        String firstOrphan = archive.seal(item(archived, ARCHIVED_DAY, EvidenceType.FACE_IMAGE)).object().objectKey();
        long purged = EvidenceFixtures.session(jdbc, "aliyun-saf", "face_verify", PURGED_DAY);
        archive.archive(List.of(item(purged, PURGED_DAY, EvidenceType.FACE_IMAGE)));
        // archived long before the first sweep: its creation names no folder for the second
        jdbc.sql("UPDATE evidence_archive SET created_at = created_at - interval '30 days'").update();

        Instant firstNight = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plusSeconds(60);
        assertThat(sweeper.sweepSinceLastSweep(firstNight, Duration.ZERO)).as("the whole store, once").isEqualTo(1);
        assertThat(keys()).doesNotContain(firstOrphan);

        // between the nights: an unrecorded object in a folder nothing is archived into since (a session that never
        // got its rows); a rolled-back chunk's object whose session is then archived; a purge interrupted after it
        // shredded the key, before it deleted the object
        long idle = EvidenceFixtures.session(jdbc, "aliyun-saf", "face_verify", IDLE_DAY);
        String idleOrphan = archive.seal(item(idle, IDLE_DAY, EvidenceType.FACE_IMAGE)).object().objectKey();
        long retried = EvidenceFixtures.session(jdbc, "aliyun-saf", "face_verify", RETRIED_DAY);
        String rolledBack = archive.seal(item(retried, RETRIED_DAY, EvidenceType.FACE_IMAGE)).object().objectKey();
        archive.archive(List.of(item(retried, RETRIED_DAY, EvidenceType.FACE_IMAGE)));
        String purgedObject = jdbc.sql("SELECT object_key FROM evidence_archive WHERE session_id = :s")
                .param("s", purged).query(String.class).single();
        jdbc.sql("UPDATE evidence_archive SET purged_at = now(), wrapped_key = NULL WHERE session_id = :s")
                .param("s", purged).update();

        assertThat(sweeper.sweepSinceLastSweep(firstNight.plusSeconds(60), Duration.ZERO)).isEqualTo(2);

        assertThat(keys()).doesNotContain(rolledBack, purgedObject)
                .as("the retried session's own object stays").hasSize(2).contains(idleOrphan);
        List<String> extra = new ArrayList<>();
        sweeper.forEachOrphan(null, o -> extra.add(o.key()));
        assertThat(extra).as("what the nightly leaves, archive-verify's whole listing names").containsExactly(idleOrphan);
        assertThat(jdbc.sql("SELECT swept_from FROM archive_sweep_mark").query(java.sql.Timestamp.class).single()
                .toInstant()).isEqualTo(firstNight.plusSeconds(60));
    }

    private static EvidenceItem item(long session, Instant captured, EvidenceType type) {
        return new EvidenceItem(session, "aliyun-saf", "face_verify", type, 0, EvidenceFixtures.jpeg(session), captured);
    }

    private List<String> keys() throws IOException {
        try (Stream<StoredObject> listed = store.list()) {
            return listed.map(StoredObject::key).toList();
        }
    }
}
