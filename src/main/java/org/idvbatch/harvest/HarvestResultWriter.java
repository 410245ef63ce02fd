package org.idvbatch.harvest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.idvbatch.archive.EvidenceArchive;
import org.idvbatch.archive.SealedEvidence;
import org.idvbatch.provider.BillableAttempt;
import org.idvbatch.identity.IdentityHasher;
import org.idvbatch.identity.IdentityMask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a chunk's results set-based in the chunk's transaction: one UPDATE ... FROM unnest(...) for the
 * sessions, one upsert for their billing facts, then the evidence the processor sealed is recorded in the
 * archive (which marks the sessions ARCHIVED in the same transaction), and sessions whose evidence the
 * provider no longer has are marked MISSING. Counts go into
 * the step's execution context, so a restarted run's summary includes what the failed one did.
 */
class HarvestResultWriter implements ItemWriter<HarvestedSession>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(HarvestResultWriter.class);

    static final String UPDATE_SESSIONS = """
            UPDATE verification_session v
               SET state = coalesce(u.state, v.state), attempts = v.attempts + 1, next_attempt_at = u.next_attempt_at,
                   result_code = u.code, result_sub_code = u.sub_code, result_message = left(u.message, 500),
                   failure_reason = u.reason, result_score = u.score,
                   harvested_at = CASE WHEN u.harvested THEN ? ELSE v.harvested_at END,
                   evidence_status = CASE WHEN u.evidence AND v.evidence_status = 'NONE' THEN 'PENDING' ELSE v.evidence_status END,
                   name_mask = coalesce(v.name_mask, u.name_mask), id_number_mask = coalesce(v.id_number_mask, u.id_mask),
                   name_hmac = coalesce(v.name_hmac, u.name_hmac), id_number_hmac = coalesce(v.id_number_hmac, u.id_hmac),
                   updated_at = ?
              FROM unnest(?::bigint[], ?::text[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::numeric[], ?::boolean[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[])
                   AS u(id, state, next_attempt_at, code, sub_code, message, reason, score, harvested, evidence,
                        name_mask, id_mask, name_hmac, id_hmac)
             WHERE v.id = u.id
            """;

    static final String UPSERT_BILLABLE_CALLS = """
            INSERT INTO billable_call (session_id, provider, account, product, scene, call_ref, called_at, billable,
                                       charge_type, result_code)
            SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                                 ?::boolean[], ?::text[], ?::text[])
            ON CONFLICT (provider, session_id, call_ref) DO UPDATE
               SET billable = EXCLUDED.billable, charge_type = EXCLUDED.charge_type,
                   result_code = EXCLUDED.result_code, called_at = EXCLUDED.called_at
            """;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final HarvestProperties props;
    private final IdentityHasher hasher;
    private final EvidenceArchive evidenceArchive;
    private StepExecution stepExecution;

    HarvestResultWriter(JdbcTemplate jdbc, Clock clock, HarvestProperties props, IdentityHasher hasher,
                        EvidenceArchive evidenceArchive) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.props = props;
        this.hasher = hasher;
        this.evidenceArchive = evidenceArchive;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        this.stepExecution = stepExecution;
    }

    @Override
    public void write(Chunk<? extends HarvestedSession> chunk) throws Exception {
        List<? extends HarvestedSession> items = chunk.getItems();
        Instant now = clock.instant();
        List<HarvestDecision> decisions = items.stream().map(h -> HarvestDecision.of(h, now, props)).toList();
        jdbc.execute((Connection con) -> updateSessions(con, items, decisions, now));
        List<Object[]> calls = items.stream().filter(h -> h.outcome() != null)
                .flatMap(h -> h.outcome().attempts().stream().map(a -> billingRow(h, a))).toList();
        if (!calls.isEmpty()) {
            jdbc.execute((Connection con) -> upsertCalls(con, calls));
        }
        List<SealedEvidence> evidence = items.stream().flatMap(h -> h.evidence().stream()).toList();
        if (!evidence.isEmpty()) {
            evidenceArchive.record(evidence); // inside this chunk's transaction: rows commit with the results
        }
        List<? extends HarvestedSession> gone = items.stream().filter(h -> !h.evidenceGone().isEmpty()).toList();
        if (!gone.isEmpty()) {
            gone.forEach(h -> log.warn("Session {}: evidence the provider no longer has, verdict kept: {}",
                    h.session().id(), h.evidenceGone()));
            // MISSING unless some of its evidence was archived
            evidenceArchive.markMissing(gone.stream().map(h -> h.session().id()).toList());
        }
        HarvestTally.add(stepExecution.getExecutionContext(), items, decisions);
    }

    private Object updateSessions(Connection con, List<? extends HarvestedSession> items,
                                  List<HarvestDecision> decisions, Instant now) throws SQLException {
        int n = items.size();
        Object[][] cols = new Object[14][n];
        for (int i = 0; i < n; i++) {
            HarvestedSession h = items.get(i);
            HarvestDecision d = decisions.get(i);
            String name = h.outcome() == null ? null : h.outcome().name();
            String idNumber = h.outcome() == null ? null : h.outcome().idNumber();
            Object[] row = {d.sessionId(), d.state() == null ? null : d.state().name(), Timestamp.from(d.nextAttemptAt()),
                    d.code(), d.subCode(), ResultMessage.of(d.message()), d.reason(), d.score(), d.harvested(), !h.evidence().isEmpty(),
                    IdentityMask.name(name), IdentityMask.idNumber(idNumber), hasher.hash(name), hasher.hash(idNumber)};
            for (int c = 0; c < row.length; c++) {
                cols[c][i] = row[c];
            }
        }
        String[] types = {"bigint", "text", "timestamptz", "text", "text", "text", "text", "numeric", "boolean",
                "boolean", "text", "text", "text", "text"};
        try (PreparedStatement ps = con.prepareStatement(UPDATE_SESSIONS)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            for (int c = 0; c < cols.length; c++) {
                ps.setArray(3 + c, array(con, types[c], cols[c]));
            }
            int updated = ps.executeUpdate();
            if (updated != n) {
                throw new IllegalStateException("harvest wrote " + updated + " of " + n + " claimed sessions");
            }
        }
        return null;
    }

    private static Object[] billingRow(HarvestedSession h, BillableAttempt a) {
        var s = h.session();
        return new Object[] {s.id(), s.provider().code(), s.account(), s.product(), s.scene(), a.callRef(),
                Timestamp.from(a.calledAt()), a.billable(), a.chargeType(), a.resultCode()};
    }

    private static Object upsertCalls(Connection con, List<Object[]> rows) throws SQLException {
        String[] types = {"bigint", "text", "text", "text", "text", "text", "timestamptz", "boolean", "text", "text"};
        try (PreparedStatement ps = con.prepareStatement(UPSERT_BILLABLE_CALLS)) {
            for (int c = 0; c < types.length; c++) {
                Object[] col = new Object[rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    col[i] = rows.get(i)[c];
                }
                ps.setArray(1 + c, array(con, types[c], col));
            }
            ps.executeUpdate();
        }
        return null;
    }

    private static Array array(Connection con, String type, Object[] values) throws SQLException {
        return con.createArrayOf(type, values);
    }
}
