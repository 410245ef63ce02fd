package org.idvbatch.reconcile;

import java.math.BigDecimal;
import java.time.Duration;
import org.idvbatch.settings.InvalidSettingException;
import java.util.Map;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.reconcile.*}.
 *
 * @param tariffs         the tariff file (validated at start)
 * @param inbox           folder where console statement exports are dropped; accepted/ and rejected/ beneath
 * @param countTolerance  absolute difference in calls per line still reported as matching counts
 * @param amountTolerance absolute difference in CNY per line still reported as matching amounts
 * @param sources         when each provider's side of a day is due, by provider code (see {@link Source})
 * @param lookback        days before today that the catch-up re-reconciles when their provider side arrived
 *                        or changed (the current month is always included)
 * @param callTimeTolerance how far apart the two sides may date one attempt that either side lists without an
 *                        attempt reference (Tencent: no Seq) and still be the same call (default 2 s)
 * @param inboxSettle     how long a file in the inbox must have gone unmodified (by the clock) before it is taken:
 *                        a copy still being written is left for a later run (default 60 s; 0: take every file at
 *                        once, for writers that rename whole files into the inbox)
 */
@ConfigurationProperties("idv.reconcile")
public record ReconcileProperties(@DefaultValue("config/tariffs.yml") Path tariffs, Path inbox,
                                  @DefaultValue("0") long countTolerance,
                                  @DefaultValue("0.00") BigDecimal amountTolerance, Map<String, Source> sources,
                                  @DefaultValue("7d") Duration lookback,
                                  @DefaultValue("2s") Duration callTimeTolerance,
                                  @DefaultValue("60s") Duration inboxSettle) {

    public ReconcileProperties {
        if (countTolerance < 0) {
            throw new InvalidSettingException("idv.reconcile.count-tolerance", countTolerance, "0 (exact) or more");
        }
        if (amountTolerance.signum() < 0) {
            throw new InvalidSettingException("idv.reconcile.amount-tolerance", amountTolerance.toPlainString(),
                    "0.00 (exact) or more");
        }
        InvalidSettingException.notNegative("idv.reconcile.call-time-tolerance", callTimeTolerance);
        InvalidSettingException.notNegative("idv.reconcile.lookback", lookback);
        InvalidSettingException.notNegative("idv.reconcile.inbox-settle", inboxSettle);
        sources = sources == null ? Map.of() : Map.copyOf(sources);
        sources.keySet().forEach(code -> org.idvbatch.provider.Provider.fromCode(code).orElseThrow(() ->
                new IllegalArgumentException("config: idv.reconcile.sources." + code + ": not a provider code ("
                        + org.idvbatch.provider.Provider.knownCodes() + ")")));
    }

    /**
     * When a provider's figures for a business day D are due, counted from the end of D (00:00 Asia/Shanghai of
     * D+1). Unset, a provider whose side comes from a bill API is due when that API publishes (Tencent's
     * GetWeChatBillDetails: 6 h, i.e. 06:00 of D+1); one whose side comes from console exports has no due time:
     * its lines await the file, however long.
     *
     * @param dueAfter when D's figures are due after D ends
     * @param grace    how long after the due time nothing is still only late, then STATEMENT_OVERDUE (default 6 h)
     */
    public record Source(Duration dueAfter, Duration grace) {
    }
}
