package org.idvbatch.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.idvbatch.provider.BillStatementSource;
import org.idvbatch.provider.Provider;
import org.idvbatch.time.BusinessDay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * When each provider's side of a business day is due. A day without the provider's figures is not a difference
 * before then: its lines are {@link ReconcileStatus#AWAITING_PROVIDER}, and {@link ReconcileStatus#STATEMENT_OVERDUE}
 * once the due time plus the grace has passed with nothing. The due time is {@code idv.reconcile.sources.<code>
 * .due-after} after the day ends if configured, else the provider's bill API's publication time, else none (a
 * console export is awaited however long).
 */
@Component
class ProviderSideSchedule {

    static final Duration DEFAULT_GRACE = Duration.ofHours(6);

    private final Map<Provider, Duration> dueAfter = new EnumMap<>(Provider.class);
    private final Map<Provider, Duration> grace = new EnumMap<>(Provider.class);

    ProviderSideSchedule(ReconcileProperties properties, ObjectProvider<BillStatementSource> apis) {
        apis.orderedStream().forEach(api -> dueAfter.put(api.provider(), api.publishedAfterDayEnd()));
        properties.sources().forEach((code, source) -> {
            Provider p = Provider.fromCode(code).orElseThrow();
            if (source.dueAfter() != null) {
                dueAfter.put(p, source.dueAfter());
            }
            if (source.grace() != null) {
                grace.put(p, source.grace());
            }
        });
    }

    /** The state of a day whose provider side has not arrived yet. */
    public enum Missing { AWAITING_PROVIDER, STATEMENT_OVERDUE }

    /** When the provider's figures for {@code day} are due; empty when they come when they come. */
    public Optional<Instant> dueAt(Provider provider, LocalDate day) {
        Duration after = dueAfter.get(provider);
        return after == null ? Optional.empty() : Optional.of(BusinessDay.of(day).end().plus(after));
    }

    /** After this the missing figures are overdue; empty when they are never overdue. */
    public Optional<Instant> overdueAt(Provider provider, LocalDate day) {
        return dueAt(provider, day).map(due -> due.plus(grace.getOrDefault(provider, DEFAULT_GRACE)));
    }

    public Missing missing(Provider provider, LocalDate day, Instant now) {
        return overdueAt(provider, day).filter(overdue -> !now.isBefore(overdue))
                .map(o -> Missing.STATEMENT_OVERDUE).orElse(Missing.AWAITING_PROVIDER);
    }
}
