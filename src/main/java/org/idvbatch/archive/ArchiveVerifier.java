package org.idvbatch.archive;

import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.idvbatch.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Proves the archive complete and untampered: every live row's object (or a random sample) is re-read,
 * its SHA-256 compared and its content decrypted; every object in the store must have a live row.
 */
@Service
public class ArchiveVerifier {

    private static final Logger log = LoggerFactory.getLogger(ArchiveVerifier.class);
    private static final int PAGE = 500;

    private static final String PAGE_AFTER = "SELECT " + StoredEvidence.COLUMNS + """
             FROM evidence_archive WHERE purged_at IS NULL AND id > :after ORDER BY id LIMIT :limit
            """;
    /**
     * A uniform sample of the kept objects, by rejection: ids drawn at random between the archive's lowest and
     * highest (the primary key's ends), each looked up through the primary key (a lookup per id: the LIMIT keeps the
     * planner from joining the draws to a scan of the archive, which it prefers while the archive is small), the
     * purged ones and the gaps dropped. It reads a few blocks per id drawn, whatever the archive's size: {@code ORDER BY random()} over the kept rows
     * read the whole archive every night.
     */
    private static final String SAMPLE = """
            SELECT x.* FROM (SELECT b.lo + floor(random() * (b.hi - b.lo + 1))::bigint AS drawn
                               FROM (SELECT min(id) AS lo, max(id) AS hi FROM evidence_archive) b,
                                    generate_series(1, :draws)) d
             CROSS JOIN LATERAL (SELECT\s""" + StoredEvidence.COLUMNS + """
                                   FROM evidence_archive WHERE id = d.drawn AND purged_at IS NULL
                                  LIMIT 1) x
            """;
    /** Ids drawn per sampled object still wanted, per round; rounds until the sample is whole. */
    private static final int DRAWS_PER_OBJECT = 4;
    private static final int ROUNDS = 32;

    /** The kept objects, from the tally the database keeps (migration V111), not a count of the archive. */
    private static final String LIVE = "SELECT coalesce(sum(objects), 0) FROM evidence_kept_tally";

    private static final String OF_SESSIONS = "SELECT " + StoredEvidence.COLUMNS + """
             FROM evidence_archive WHERE purged_at IS NULL AND session_id = ANY(:ids::bigint[]) ORDER BY id
            """;

    private final JdbcClient jdbc;
    private final EvidenceObjects objects;
    private final OrphanSweeper orphans;

    private final ArchiveProperties properties;
    private final Clock clock;

    ArchiveVerifier(JdbcClient jdbc, EvidenceObjects objects, OrphanSweeper orphans, ArchiveProperties properties,
                    Clock clock) {
        this.jdbc = jdbc;
        this.objects = objects;
        this.orphans = orphans;
        this.properties = properties;
        this.clock = clock;
    }

    /** Checks every object (or a random sample) and lists objects without a row. */
    public VerificationReport verify(Integer sample) {
        return verify(sample, true, ProgressListener.NONE);
    }

    /** As {@link #verify(Integer)}, telling {@code progress} of each object checked. */
    public VerificationReport verify(Integer sample, ProgressListener progress) {
        return verify(sample, true, progress);
    }

    /**
     * @param sample     null for every object, else how many objects to pick at random
     * @param listExtras also list the whole store for objects without a live row (older than the grace period)
     */
    VerificationReport verify(Integer sample, boolean listExtras) {
        return verify(sample, listExtras, ProgressListener.NONE);
    }

    private VerificationReport verify(Integer sample, boolean listExtras, ProgressListener progress) {
        List<String> missing = new ArrayList<>();
        List<String> corrupt = new ArrayList<>();
        int checked;
        long live = progress == ProgressListener.NONE ? -1 : jdbc.sql(LIVE).query(Long.class).single();
        progress.started("archive-verify", sample == null ? live : Math.min(live, sample));
        try {
            checked = checkAll(sample, missing, corrupt, progress);
        } finally {
            progress.finished();
        }
        List<String> extra = new ArrayList<>();
        if (listExtras) {
            // younger unrecorded objects may belong to a harvest chunk that has not committed yet
            orphans.forEachOrphan(clock.instant().minus(properties.orphanGrace()), o -> extra.add(o.key() + (o.incomplete() ? " (unfinished write)" : "")));
        }
        VerificationReport report = new VerificationReport(checked, missing, corrupt, extra);
        log.info("Archive verified: {} objects checked, {} missing, {} corrupt, {} extra", checked, missing.size(),
                corrupt.size(), extra.size());
        return report;
    }

    private int checkAll(Integer sample, List<String> missing, List<String> corrupt, ProgressListener progress) {
        int checked = 0;
        if (sample != null && sample < jdbc.sql(LIVE).query(Long.class).single()) {
            checked = check(sample(sample), missing, corrupt, progress);
        } else { // every object: asked for, or no more kept than the sample
            long after = 0;
            List<StoredEvidence> page;
            do {
                page = jdbc.sql(PAGE_AFTER).param("after", after).param("limit", PAGE)
                        .query(StoredEvidence.MAPPER).list();
                checked += check(page, missing, corrupt, progress);
                after = page.isEmpty() ? after : page.get(page.size() - 1).id();
            } while (page.size() == PAGE);
        }
        return checked;
    }

    /**
     * {@code size} distinct kept objects picked uniformly at random (fewer only if {@value #ROUNDS} rounds of draws
     * did not find them: an archive whose ids are almost all purged or gaps), in random order.
     */
    List<StoredEvidence> sample(int size) {
        java.util.Map<Long, StoredEvidence> picked = new java.util.LinkedHashMap<>();
        for (int round = 0; round < ROUNDS && picked.size() < size; round++) {
            List<StoredEvidence> found = jdbc.sql(SAMPLE).param("draws", DRAWS_PER_OBJECT * (size - picked.size()))
                    .query(StoredEvidence.MAPPER).list();
            for (StoredEvidence row : found) {
                if (picked.size() < size) {
                    picked.putIfAbsent(row.id(), row);
                }
            }
        }
        if (picked.size() < size) {
            log.warn("Archive sample: {} of {} objects found in {} rounds of random ids", picked.size(), size, ROUNDS);
        }
        List<StoredEvidence> rows = new ArrayList<>(picked.values());
        java.util.Collections.shuffle(rows);
        return rows;
    }

    /**
     * Re-reads and decrypts every live object of the given sessions (before their provider copy is deleted).
     *
     * @return the sessions whose archive is not whole, each with the first problem found; a session without any
     *         live object counts as not archived
     */
    public java.util.Map<Long, String> unverifiedAmong(java.util.Collection<Long> sessionIds) {
        java.util.Map<Long, String> problems = new java.util.TreeMap<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (StoredEvidence row : jdbc.sql(OF_SESSIONS).param("ids", sessionIds.toArray(Long[]::new))
                .query(StoredEvidence.MAPPER).list()) {
            seen.add(row.sessionId());
            try {
                objects.open(row, OutputStream.nullOutputStream());
            } catch (EvidenceIntegrityException | java.io.UncheckedIOException e) {
                problems.putIfAbsent(row.sessionId(), e.getMessage());
            }
        }
        sessionIds.stream().filter(id -> !seen.contains(id))
                .forEach(id -> problems.putIfAbsent(id, "session " + id + ": no archived object to verify"));
        return problems;
    }

    private int check(List<StoredEvidence> rows, List<String> missing, List<String> corrupt,
                      ProgressListener progress) {
        for (StoredEvidence row : rows) {
            try {
                objects.open(row, OutputStream.nullOutputStream());
            } catch (EvidenceIntegrityException e) {
                (e.problem() == EvidenceIntegrityException.Problem.MISSING ? missing : corrupt).add(e.getMessage());
            }
            progress.advancedBy(1);
        }
        return rows.size();
    }
}
