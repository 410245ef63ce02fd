package org.idvbatch.compliance;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.idvbatch.RejectedInputException;
import org.idvbatch.archive.EvidencePurger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A data subject's erasure request, in one transaction: the sessions are chosen (by id, by order, or by the keyed
 * hash of the person's ID numbers) and locked; if any is under legal hold the whole request is refused and nothing
 * changes; otherwise their evidence is crypto-shredded (data keys destroyed, objects deleted after commit), the
 * ledger's masks and hashes are blanked and {@code erased_at} set, and one {@code ERASE} row per session goes to
 * {@code operator_action} with who and why and no personal data. Billing rows stay: they hold none, and the
 * reconciliation stays as it was. The provider's copies are deleted afterwards by the provider-deletion step,
 * which takes erased sessions first.
 */
@Service
public class Erasure {

    private static final Logger log = LoggerFactory.getLogger(Erasure.class);
    static final String ACTION = "ERASE";

    private static final String BLANK = "UPDATE verification_session SET " + IdentityBlanking.BLANK
            + ", erased_at = coalesce(erased_at, :now), updated_at = now() WHERE id = ANY(:ids::bigint[])";
    private static final String AUDIT = """
            INSERT INTO operator_action (at, actor, action, session_id, subject, reason)
            SELECT :now, :by, 'ERASE', i, :subject, :reason FROM unnest(:ids::bigint[]) AS i ORDER BY i
            """;
    private static final String ERASED_BEFORE = """
            SELECT id FROM verification_session WHERE id = ANY(:ids::bigint[]) AND erased_at IS NOT NULL ORDER BY id
            """;
    private static final String PROVIDERS = """
            SELECT provider, count(*) FROM verification_session WHERE id = ANY(:ids::bigint[]) GROUP BY provider
            """;

    private final JdbcClient jdbc;
    private final LegalHolds holds;
    private final EvidencePurger purger;
    private final Clock clock;

    Erasure(JdbcClient jdbc, LegalHolds holds, EvidencePurger purger, Clock clock) {
        this.jdbc = jdbc;
        this.holds = holds;
        this.purger = purger;
        this.clock = clock;
    }

    /**
     * What an erasure did.
     *
     * @param sessions        every session erased now (in id order), those erased before included
     * @param erasedBefore    of those, the ones an earlier erasure had already blanked
     * @param objectsShredded evidence objects whose data key was destroyed now
     * @param byProvider      sessions per provider (for what can be deleted at the provider)
     * @param idNumbers       ID numbers asked about (0 without --id-number-file)
     */
    public record Result(List<Long> sessions, List<Long> erasedBefore, int objectsShredded,
                         Map<String, Long> byProvider, int idNumbers) {
    }

    /**
     * @throws RejectedInputException for a missing --by / --reason, an unknown session, an order without sessions,
     *                                or a session under legal hold (named, with its hold); then nothing is done
     */
    @Transactional
    public Result erase(SessionSelection which, String by, String reason) {
        SessionSelection.requireWhoAndWhy(by, reason, "erasure");
        Set<Long> chosen = which.resolve(jdbc);
        List<LegalHolds.Hold> held = holds.heldAmong(chosen);
        if (!held.isEmpty()) {
            throw new RejectedInputException("refused, nothing erased: " + held.size() + " of the " + chosen.size()
                    + " sessions " + (held.size() == 1 ? "is" : "are") + " under legal hold: "
                    + held.stream().map(LegalHolds.Hold::describe).collect(Collectors.joining("; "))
                    + ". Release the hold first (hold --release) if the erasure is to go ahead");
        }
        Long[] ids = chosen.toArray(Long[]::new);
        Instant now = clock.instant();
        if (ids.length == 0) {
            return new Result(List.of(), List.of(), 0, Map.of(), which.idNumberHashes().size());
        }
        List<Long> before = jdbc.sql(ERASED_BEFORE).param("ids", ids).query(Long.class).list();
        String auditReason = reason.strip();
        Map<Long, Integer> shredded = purger.shredSessions(chosen, by.strip(), "erasure: " + auditReason);
        jdbc.sql(BLANK).param("ids", ids).param("now", Timestamp.from(now)).update();
        jdbc.sql(AUDIT).param("ids", ids).param("now", Timestamp.from(now)).param("by", by.strip())
                .param("subject", which.describe()).param("reason", auditReason).update();
        Map<String, Long> byProvider = new java.util.TreeMap<>();
        jdbc.sql(PROVIDERS).param("ids", ids).query((rs, i) -> byProvider.put(rs.getString(1), rs.getLong(2))).list();
        int objects = shredded.values().stream().mapToInt(Integer::intValue).sum();
        log.info("Erased {} sessions ({} evidence objects shredded) at the request of {}", ids.length, objects,
                by.strip());
        return new Result(List.copyOf(chosen), before, objects, byProvider, which.idNumberHashes().size());
    }
}
