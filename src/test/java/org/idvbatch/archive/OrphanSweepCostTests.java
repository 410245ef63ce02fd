package org.idvbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Finding the day folders the nightly orphan sweep lists (V116) costs the rows recorded and purged since the last
 * sweep, not the archive: blocks read on evidence_archive for the same night's 300 objects beside 2,000 and then
 * 20,000 older ones (half of them purged long ago), the block ranges summarized as autovacuum leaves them.
 */
@ArchiveIntegrationTest
class OrphanSweepCostTests {

    private static final int NIGHT = 300;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @BeforeEach
    void anEmptyArchive() {
        EvidenceFixtures.reset(jdbc);
    }

    @Test
    void findingTheFoldersToSweepReadsTheNightsRowsWhateverTheArchiveKeeps() throws Exception {
        long small = blocksToFindTheFolders(2_000);
        EvidenceFixtures.reset(jdbc);
        long large = blocksToFindTheFolders(20_000);
        assertThat((double) large / small)
                .as("blocks read on evidence_archive: %d beside 2,000 older objects, %d beside 20,000", small, large)
                .isLessThan(1.5);
    }

    private long blocksToFindTheFolders(int older) throws Exception {
        Instant now = Instant.now();
        try (Connection one = dataSource.getConnection()) {
            JdbcClient session = JdbcClient.create(new SingleConnectionDataSource(one, true));
            EvidenceFixtures.keptObjects(session, older, "old", now.minus(Duration.ofDays(400)));
            session.sql("UPDATE evidence_archive SET purged_at = :at, wrapped_key = NULL WHERE seq % 2 = 0")
                    .param("at", Timestamp.from(now.minus(Duration.ofDays(30)))).update();
            EvidenceFixtures.keptObjects(session, NIGHT, "night", now.minus(Duration.ofHours(2)));
            session.sql("VACUUM ANALYZE evidence_archive").update();
            long before = EvidenceFixtures.blocksRead(session);
            List<String> folders = session.sql(OrphanSweeper.FOLDERS_SINCE)
                    .param("since", Timestamp.from(now.minus(Duration.ofDays(1)))).query(String.class).list();
            long blocks = EvidenceFixtures.blocksRead(session) - before;
            assertThat(folders).as("the night's capture days only").hasSizeLessThanOrEqualTo(2)
                    .allMatch(f -> f.startsWith("tencent-faceid/"));
            return blocks;
        }
    }
}
