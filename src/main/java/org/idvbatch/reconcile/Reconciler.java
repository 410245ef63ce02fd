package org.idvbatch.reconcile;

import org.idvbatch.provider.Provider;
import java.util.ArrayList;
import java.time.Instant;
import java.time.Clock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.idvbatch.RejectedInputException;
import org.idvbatch.session.LedgerMonths;
import org.idvbatch.reconcile.tariff.TariffBook;
import org.idvbatch.reconcile.tariff.TariffBook.PriceBand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reconciles business days (Asia/Shanghai) of one month: ledger vs the latest console statement of each day,
 * priced with the tariffs, in one transaction that stores a new version of every day it covers.
 */
@Service
public class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate tx;
    private final TariffBook tariffs;
    private final ReconcileProperties properties;
    private final ProviderSideSchedule schedule;
    private final Clock clock;
    private final LedgerMonths months;

    Reconciler(JdbcClient jdbc, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager,
               TariffBook tariffs, ReconcileProperties properties, ProviderSideSchedule schedule, Clock clock,
               LedgerMonths months) {
        this.months = months;
        this.schedule = schedule;
        this.clock = clock;
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.tx = new TransactionTemplate(transactionManager);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.tariffs = tariffs;
        this.properties = properties;
    }

    public ReconcileRun reconcileDay(LocalDate day) {
        return reconcile(day, day, tariffs);
    }

    public ReconcileRun reconcileMonth(YearMonth month) {
        return reconcile(month.atDay(1), month.atEndOfMonth(), tariffs);
    }

    /** Days {@code from..to} of one calendar month, priced with the given tariffs. */
    ReconcileRun reconcile(LocalDate from, LocalDate to, TariffBook prices) {
        if (to.isBefore(from) || !YearMonth.from(from).equals(YearMonth.from(to))) {
            throw new RejectedInputException("reconcile: " + from + " .. " + to
                    + " is not a period within one calendar month");
        }
        months.refuseRemoved(from, "date", "a reconciliation");
        return tx.execute(status -> {
            long started = System.nanoTime();
            jdbc.sql(ReconcileSql.LOCK).query().singleRow();
            long run = jdbc.sql(ReconcileSql.INSERT_RUN).param("from", from).param("to", to)
                    .param("countTolerance", properties.countTolerance())
                    .param("amountTolerance", properties.amountTolerance())
                    .param("tariffSha256", prices.sha256()).query(Long.class).single();
            jdbc.sql(ReconcileSql.INSERT_DAYS).param("run", run).param("from", from).param("to", to).update();
            loadTariffBands(prices.bands());
            jdbc.sql(ReconcileSql.MATCH).param("run", run).param("from", from).param("to", to)
                    .param("monthStart", from.withDayOfMonth(1))
                    .param("countTolerance", properties.countTolerance())
                    .param("amountTolerance", properties.amountTolerance()).update();
            applyMissingProviderSide(run, from, to);
            jdbc.sql(ReconcileCallSql.WORK_MEM).update();
            jdbc.sql(ReconcileCallSql.MATCH_CALLS).param("run", run).param("from", from).param("to", to)
                    .param("tolerance", properties.callTimeTolerance().toMillis() / 1000.0).update();
            long calls = jdbc.sql("SELECT coalesce(sum(calls), 0) FROM reconcile_call_tally WHERE run_id = :run")
                    .param("run", run).query(Long.class).single();
            int discovered = jdbc.sql(ReconcileCallSql.DISCOVER_SESSIONS).param("run", run).update();
            if (discovered > 0) {
                log.warn("reconcile run #{}: {} sessions billed by a provider were never recorded by the merchant's"
                        + " server; added to the ledger as discovered (origin provider-bill)", run, discovered);
            }
            long matched = System.nanoTime();
            jdbc.sql(ReconcileSql.DESCRIBE_SIMPLE_CAUSES).param("run", run).update();
            jdbc.sql(ReconcileSql.REGISTER_LINES).param("run", run).update();
            StringBuilder timings = new StringBuilder();
            for (ReconcileCauseSql.Cause cause : ReconcileCauseSql.ALL) {
                long t = System.nanoTime();
                int n = jdbc.sql(ReconcileCauseSql.APPEND.formatted(cause.select(), cause.code())).param("run", run)
                        .update();
                timings.append(String.format(" %s=%d (%.2f s)", cause.code(), n, (System.nanoTime() - t) / 1e9));
            }
            ReconcileRun result = new ReconcileRun(run, from, to, statusCounts(run));
            log.info("reconcile run #{} {}..{}: match {} s ({} calls matched one by one), causes:{}; {}", run, from,
                    to, String.format("%.2f", (matched - started) / 1e9), calls, timings, result.lines());
            return result;
        });
    }

    private void applyMissingProviderSide(long run, LocalDate from, LocalDate to) {
        Instant now = clock.instant();
        List<String> providers = new ArrayList<>();
        List<String> days = new ArrayList<>();
        List<String> states = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            for (Provider p : Provider.values()) {
                providers.add(p.code());
                days.add(d.toString());
                states.add(schedule.missing(p, d, now).name());
            }
        }
        jdbc.sql(ReconcileSql.APPLY_MISSING_PROVIDER_SIDE).param("run", run)
                .param("providers", providers.toArray(String[]::new)).param("days", days.toArray(String[]::new))
                .param("states", states.toArray(String[]::new)).update();
    }

    private Map<ReconcileStatus, Long> statusCounts(long run) {
        Map<ReconcileStatus, Long> counts = new EnumMap<>(ReconcileStatus.class);
        jdbc.sql("SELECT status, count(*) FROM reconcile_result WHERE run_id = :run GROUP BY status")
                .param("run", run)
                .query((rs, i) -> counts.put(ReconcileStatus.valueOf(rs.getString(1)), rs.getLong(2))).list();
        return counts;
    }

    private void loadTariffBands(List<PriceBand> bands) {
        jdbc.sql(ReconcileSql.CREATE_TARIFF_BANDS).update();
        jdbcTemplate.execute((ConnectionCallback<Integer>) con -> {
            try (var ps = con.prepareStatement(ReconcileSql.INSERT_TARIFF_BANDS)) {
                ps.setArray(1, array(con, "text", bands, PriceBand::provider));
                ps.setArray(2, array(con, "text", bands, PriceBand::product));
                ps.setArray(3, array(con, "text", bands, PriceBand::chargeType));
                ps.setArray(4, array(con, "date", bands, b -> java.sql.Date.valueOf(b.validFrom())));
                ps.setArray(5, array(con, "date", bands, b -> b.validTo() == null ? null
                        : java.sql.Date.valueOf(b.validTo())));
                ps.setArray(6, array(con, "bigint", bands, PriceBand::fromExclusive));
                ps.setArray(7, array(con, "bigint", bands, PriceBand::upTo));
                ps.setArray(8, array(con, "numeric", bands, PriceBand::unitPrice));
                return ps.executeUpdate();
            }
        });
    }

    private static java.sql.Array array(Connection con, String type, List<PriceBand> bands,
                                        Function<PriceBand, Object> value) throws SQLException {
        return con.createArrayOf(type, bands.stream().map(value).toArray());
    }
}
