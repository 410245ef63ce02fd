package org.idvbatch.housekeeping;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.time.BusinessDay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What the next housekeeping will remove, and when, for {@code status}: per rule its setting, the cutoff the next
 * run will use and the rows due before it. Cheap: each count follows the index the rule itself uses and stops at
 * {@link #CAP} (or is the planner's estimate where even that would read much of a table).
 */
@Service
public class HousekeepingForecast {

    /** Rows counted at most per rule (per table): beyond, "at least". */
    public static final int CAP = 100_000;

    /** The nightly's Quartz trigger (org.idvbatch.schedule), when a daemon schedules it: its next fire time. */
    private static final String NEXT_NIGHTLY = """
            SELECT min(next_fire_time) FROM qrtz_triggers
             WHERE trigger_group = 'idv' AND trigger_name = :nightly AND trigger_state IN ('WAITING', 'ACQUIRED')
               AND next_fire_time > 0
            """;

    private final ObjectProvider<HousekeepingRule> rules;
    private final JdbcClient jdbc;
    private final Clock clock;

    HousekeepingForecast(ObjectProvider<HousekeepingRule> rules, JdbcClient jdbc, Clock clock) {
        this.rules = rules;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * One rule's next removal.
     *
     * @param step      the step that enforces it
     * @param setting   the setting and its value ({@code idv.audit.retention=3y})
     * @param removes   what it removes
     * @param cutoff    rows older than this instant are removed (00:00 Asia/Shanghai of a day)
     * @param due       rows due now before that cutoff (at most {@link #CAP} per table unless estimated)
     * @param atLeast   the count stopped at the cap
     * @param estimated the planner's estimate, not a count
     * @param detail    rows due per table (or per month), where the rule removes from several
     * @param heldBack  what keeps rows past their retention (a legal hold, an unclosed month), or null
     */
    public record Rule(String step, String setting, String removes, Instant cutoff, long due, boolean atLeast,
                       boolean estimated, Map<String, Long> detail, String heldBack) {
    }

    /**
     * @param nextRun when the next nightly runs, if a daemon schedules it (else: at the next nightly, whenever cron
     *                or an operator starts it); housekeeping is its last stage
     * @param rules   each rule, in the order the stage runs them
     */
    public record Forecast(Instant nextRun, List<Rule> rules) {
    }

    public Forecast forecast() {
        Instant nextRun = jdbc.sql(NEXT_NIGHTLY).param("nightly", BatchNames.NIGHTLY_JOB).query(Long.class)
                .optional().map(Instant::ofEpochMilli).orElse(null);
        BusinessDay day = BusinessDay.of(nextRun != null && nextRun.isAfter(clock.instant()) ? nextRun
                : clock.instant());
        return new Forecast(nextRun, rules.orderedStream().map(rule -> {
            Instant cutoff = rule.cutoff(day);
            HousekeepingRule.Due due = rule.due(cutoff, CAP);
            return new Rule(rule.stepName(), rule.setting() + "=" + Periods.show(rule.keep()), rule.removes(),
                    cutoff, due.rows(), due.atLeast(), due.estimated(), due.detail(), due.heldBack());
        }).toList());
    }
}
