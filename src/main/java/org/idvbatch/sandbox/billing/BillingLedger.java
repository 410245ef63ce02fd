package org.idvbatch.sandbox.billing;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.idvbatch.sandbox.SandboxClock;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SessionSpec;

/**
 * What the providers would bill: every counted attempt, kept forever (billing outlives result retention).
 * {@link #truth} is what was billed; {@link #reported} is what usage APIs and console exports show after drift.
 */
public final class BillingLedger {

    private final List<BillingEvent> events = new ArrayList<>();
    private final Map<String, Integer> attemptsPerSession = new java.util.HashMap<>();
    private final AtomicReference<DriftSettings> drift = new AtomicReference<>(DriftSettings.none());

    public synchronized void record(SessionSpec spec, String chargeType, SandboxSession.Attempt attempt) {
        int seq = attemptsPerSession.merge(spec.provider().code() + '\u0000' + spec.ref(), 1, Integer::sum) - 1;
        events.add(new BillingEvent(attempt.at(), spec.provider().code(), spec.account(), spec.product(),
                spec.scene(), chargeType, spec.ref(), seq, attempt.code(), attempt.billed()));
    }

    /** A prepaid resource package the provider deducts calls from instead of charging them (its billing truth). */
    public record ResourcePackage(String provider, String account, String chargeType, long calls, LocalDate from,
                                  LocalDate to) {
    }

    private final java.util.List<ResourcePackage> packages = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Sells the account a package: from its first day, the bill deducts that many calls before charging any. */
    public void resourcePackage(ResourcePackage p) {
        packages.add(p);
    }

    public void clearResourcePackages() {
        packages.clear();
    }

    /** Of {@code billable} calls on {@code day}, how many the account's packages cover (calls used in day order). */
    public long coveredByPackages(String provider, String account, String chargeType, LocalDate day, long billable) {
        long covered = 0;
        for (ResourcePackage p : packages) {
            if (!p.provider().equals(provider) || !p.account().equals(account) || !p.chargeType().equals(chargeType)
                    || day.isBefore(p.from()) || day.isAfter(p.to())) {
                continue;
            }
            long used = 0;
            for (LocalDate d = p.from(); d.isBefore(day); d = d.plusDays(1)) {
                for (BillingLine l : truth(d)) {
                    if (l.provider().equals(provider) && l.account().equals(account)
                            && l.chargeType().equals(chargeType)) {
                        used += l.billableCalls();
                    }
                }
            }
            covered += Math.min(billable - covered, Math.max(0, p.calls() - used));
        }
        return covered;
    }

    public DriftSettings drift() {
        return drift.get();
    }

    public void drift(DriftSettings settings) {
        drift.set(settings == null ? DriftSettings.none() : settings);
    }

    /** Billed truth for one Asia/Shanghai business day, all providers. */
    public List<BillingLine> truth(LocalDate date) {
        return aggregate(eventsOn(date, SandboxClock.BUSINESS_ZONE, null), date);
    }

    /** Events of {@code provider} as its usage API reports them for {@code date} (drift applied). */
    public List<BillingEvent> reportedEvents(String provider, LocalDate date) {
        return reportedEvents(provider, date, null);
    }

    /** As reported when asked at {@code now} (the late-charge drift depends on it; null = as finally reported). */
    public List<BillingEvent> reportedEvents(String provider, LocalDate date, java.time.Instant now) {
        DriftSettings d = drift.get();
        ZoneId zone = d.utcDayBoundary() ? ZoneOffset.UTC : SandboxClock.BUSINESS_ZONE;
        List<BillingEvent> out = new ArrayList<>();
        for (BillingEvent e : eventsOn(date, zone, provider)) {
            if (d.dropScene() != null && d.dropScene().equals(e.scene())) {
                continue;
            }
            out.add(e);
            if (d.doubleCountRetry() && e.seq() > 0) {
                out.add(e);
            }
        }
        out.sort(java.util.Comparator.comparing(BillingEvent::at)); // "first" below means first in the day
        if (d.lateCharges() > 0) {
            boolean beforeD2 = now != null && now.isBefore(date.plusDays(2).atStartOfDay(SandboxClock.BUSINESS_ZONE)
                    .toInstant());
            int flipped = 0;
            for (int i = 0; i < out.size() && flipped < d.lateCharges(); i++) {
                BillingEvent e = out.get(i);
                if (!e.billable()) {
                    flipped++;
                    if (!beforeD2) { // billed late: the bill of D+2 has it, the bill of D+1 did not
                        out.set(i, new BillingEvent(e.at(), e.provider(), e.account(), e.product(), e.scene(),
                                e.chargeType(), e.ref(), e.seq(), e.code(), true));
                    }
                }
            }
        }
        if (d.phantomAttempts() > 0) {
            List<String> refs = out.stream().map(BillingEvent::ref).distinct().limit(d.phantomAttempts()).toList();
            for (String ref : refs) {
                BillingEvent last = out.stream().filter(e -> e.ref().equals(ref))
                        .max(java.util.Comparator.comparingInt(BillingEvent::seq)).orElseThrow();
                out.add(new BillingEvent(last.at().plusSeconds(1), last.provider(), last.account(), last.product(),
                        last.scene(), last.chargeType(), ref, last.seq() + 1, 0, true));
            }
        }
        return out;
    }

    /** Statement rows of {@code provider} for {@code date} as the console export shows them. */
    public List<BillingLine> reported(String provider, LocalDate date) {
        return aggregate(reportedEvents(provider, date), date);
    }

    private synchronized List<BillingEvent> eventsOn(LocalDate date, ZoneId zone, String provider) {
        List<BillingEvent> out = new ArrayList<>();
        for (BillingEvent e : events) {
            if ((provider == null || provider.equals(e.provider()))
                    && LocalDate.ofInstant(e.at(), zone).equals(date)) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<BillingLine> aggregate(List<BillingEvent> events, LocalDate date) {
        Map<List<String>, long[]> groups = new TreeMap<>((a, b) -> String.join("\u0000", a)
                .compareTo(String.join("\u0000", b)));
        for (BillingEvent e : events) {
            long[] c = groups.computeIfAbsent(List.of(e.provider(), e.account(), e.product(), e.scene(),
                    e.chargeType()), k -> new long[2]);
            c[0]++;
            c[1] += e.billable() ? 1 : 0;
        }
        List<BillingLine> lines = new ArrayList<>();
        groups.forEach((k, c) -> {
            var price = PriceList.unitPrice(k.get(0), k.get(4));
            lines.add(new BillingLine(date, k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), c[0], c[1], price,
                    PriceList.amount(price, c[1])));
        });
        return lines;
    }
}
