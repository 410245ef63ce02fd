package org.idvbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The nightly's verification sample ({@code idv.archive.nightly-verify-sample}, {@code archive-verify --sample N}):
 * distinct kept objects, any of them, never a purged one, at a cost that follows the sample and not the archive
 * (it was {@code ORDER BY random()} over every kept row, a read of the whole archive each night).
 */
@ArchiveIntegrationTest
class ArchiveSampleTests {

    @Autowired
    ArchiveVerifier verifier;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @BeforeEach
    void anEmptyArchive() {
        EvidenceFixtures.reset(jdbc);
    }

    /** {@code count} kept objects, then as many purged ones interleaved with them by id. */
    private void keptAndPurged(int count) {
        EvidenceFixtures.keptObjects(jdbc, 2 * count, "o");
        jdbc.sql("UPDATE evidence_archive SET purged_at = now(), wrapped_key = NULL WHERE seq % 2 = 0").update();
    }

    private Set<Long> purgedIds() {
        return new HashSet<>(jdbc.sql("SELECT id FROM evidence_archive WHERE purged_at IS NOT NULL")
                .query(Long.class).list());
    }

    @Test
    void aSampleIsAsManyDistinctKeptObjectsAsAskedNeverAPurgedOne() {
        keptAndPurged(300);

        List<StoredEvidence> sample = verifier.sample(100);

        assertThat(sample).hasSize(100);
        assertThat(sample).extracting(StoredEvidence::id).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(purgedIds());
    }

    @Test
    void everyKeptObjectCanBePicked() {
        keptAndPurged(20);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) { // a given object is left out of 200 samples of 10 in 20 with odds 2^-200
            seen.addAll(verifier.sample(10).stream().map(StoredEvidence::id).toList());
        }
        assertThat(seen).hasSize(20).doesNotContainAnyElementsOf(purgedIds());
    }

    @Test
    void aSampleAsLargeAsTheArchiveChecksEveryKeptObject() {
        keptAndPurged(30);

        VerificationReport report = verifier.verify(30, false);

        // no object is in the store: each kept row is checked once and found missing
        assertThat(report.checked()).isEqualTo(30);
        assertThat(report.missing()).hasSize(30).doesNotHaveDuplicates();
    }

    @Test
    void aSampleReadsTheSameBlocksWhateverTheArchiveKeeps() throws Exception {
        long small = blocksForASampleOf50Among(2_000);
        EvidenceFixtures.reset(jdbc);
        long large = blocksForASampleOf50Among(20_000);
        assertThat((double) large / small)
                .as("blocks read on evidence_archive for a sample of 50: %d among 2,000 kept, %d among 20,000 kept",
                        small, large)
                .isLessThan(1.5);
    }

    private long blocksForASampleOf50Among(int kept) throws Exception {
        try (Connection one = dataSource.getConnection()) {
            JdbcClient session = JdbcClient.create(new SingleConnectionDataSource(one, true));
            EvidenceFixtures.keptObjects(session, kept, "o");
            session.sql("VACUUM ANALYZE evidence_archive").update();
            ArchiveVerifier onOne = new ArchiveVerifier(session, null, null, null, null);
            long before = EvidenceFixtures.blocksRead(session);
            assertThat(onOne.sample(50)).hasSize(50);
            return EvidenceFixtures.blocksRead(session) - before;
        }
    }
}
