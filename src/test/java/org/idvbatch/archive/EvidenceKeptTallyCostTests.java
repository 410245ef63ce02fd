package org.idvbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Keeping the tally of kept evidence (migration V111) costs what a statement writes, not what the archive keeps: the
 * triggers count each changed session's own objects through its index. Measured in blocks read on
 * evidence_archive (heap and indexes), on one connection whose statistics are flushed before they are read, for the
 * same 300 objects written into an archive keeping 2,000 and then 20,000 other objects.
 * <p>
 * The triggers first counted "kept" with a WHERE on purged_at IS NULL; the planner then ANDed the partial index on
 * kept rows into each session's lookup and read every kept object once per session written: 79 s for one
 * 30,000-object insert.
 */
@ArchiveIntegrationTest
class EvidenceKeptTallyCostTests {

    private static final int WRITTEN = 300;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @BeforeEach
    void anEmptyArchive() {
        EvidenceFixtures.reset(jdbc);
    }

    @Test
    void writingObjectsReadsTheSameBlocksWhateverTheArchiveKeeps() throws Exception {
        long small = blocksToArchiveThenPurge(2_000);
        EvidenceFixtures.reset(jdbc);
        long large = blocksToArchiveThenPurge(20_000);
        double growth = (double) large / small;
        assertThat(growth)
                .as("blocks read on evidence_archive for %d objects: %d beside 2,000 kept, %d beside 20,000 kept",
                        WRITTEN, small, large)
                .isLessThan(1.5);
    }

    /** Blocks read to insert {@link #WRITTEN} objects of new sessions and purge half of them, beside {@code kept}. */
    private long blocksToArchiveThenPurge(int kept) throws Exception {
        try (Connection one = dataSource.getConnection()) {
            JdbcClient session = JdbcClient.create(new SingleConnectionDataSource(one, true));
            EvidenceFixtures.keptObjects(session, kept, "kept");
            // no ANALYZE: the planner sees the archive as the TRUNCATE left it, as after a large night's archive
            // before autovacuum comes by
            long before = EvidenceFixtures.blocksRead(session);
            EvidenceFixtures.keptObjects(session, WRITTEN, "written");
            session.sql("""
                    UPDATE evidence_archive SET purged_at = now(), wrapped_key = NULL
                     WHERE object_key LIKE 'written/%' AND seq % 2 = 0
                    """).update();
            long blocks = EvidenceFixtures.blocksRead(session) - before;
            assertThat(session.sql("SELECT sum(objects) FROM evidence_kept_tally").query(Long.class).single())
                    .isEqualTo(kept + WRITTEN / 2);
            return blocks;
        }
    }
}
