package org.idvbatch.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ExitCode;
import org.idvbatch.provider.MonthlyInvoiceSource;
import org.idvbatch.reconcile.close.InvoiceReconciliation;
import org.idvbatch.reconcile.close.InvoiceStore;
import org.idvbatch.time.BusinessDay;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reconcile invoice}: reads the providers' monthly bills and shows each against the ledger. */
@Command(name = "invoice", mixinStandardHelpOptions = true,
        description = {"Reads each configured provider's monthly bill (Tencent DescribeBillDetail:",
                "idv.reconcile.tencent-invoice.*; Alibaba BSS DescribeInstanceBill: idv.reconcile.aliyun-invoice.*),",
                "keeps it as a version, and shows it against the ledger: the",
                "ledger's amount, each reconciling item (month-end day booked in the next month, resource packages,",
                "tier boundaries crossing the month, the provider's precision, explained adjustments), the invoice's",
                "amount and what is left unexplained. A bill not final yet is marked NOT YET DUE."})
class ReconcileInvoiceCommand extends ContextCommand {

    @picocli.CommandLine.Mixin
    MonthOption month;

    @Option(names = "--no-fetch", description = "Do not read the billing APIs; show the bills already kept.")
    boolean noFetch;

    @picocli.CommandLine.Mixin
    JsonOutput json;

    ReconcileInvoiceCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        Clock clock = ctx.getBean(Clock.class);
        YearMonth m = month.orLastMonth(clock);
        List<String> fetched = new ArrayList<>();
        if (!noFetch) {
            InvoiceStore store = ctx.getBean(InvoiceStore.class);
            for (MonthlyInvoiceSource source : ctx.getBeanProvider(MonthlyInvoiceSource.class)) {
                InvoiceStore.Stored stored = store.store(source.fetch(m), source.booksLastDayInNextMonth(),
                        source.finalAt(m));
                fetched.add(source.provider().code() + " " + source.account() + ": version " + stored.version()
                        + (stored.isNew() ? " (new, " + stored.lines() + " lines)" : " (unchanged)")
                        + (source.isDue(m, clock) ? "" : "; not yet due (final from " + shanghai(source.finalAt(m))
                        + "): for reference only"));
            }
        }
        List<InvoiceReconciliation.Statement> statements = ctx.getBean(InvoiceReconciliation.class).statements(m);
        if (json.wanted) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("month", m.toString());
            doc.put("fetched", fetched);
            doc.put("statements", statements.stream().map(s -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("provider", s.provider());
                x.put("account", s.account());
                x.put("invoiceVersion", s.invoiceVersion());
                x.put("ledger", s.ledger());
                x.put("monthEndShift", s.monthEndShift());
                x.put("resourcePackages", s.resourcePackages());
                x.put("tierBoundaries", s.tierBoundaries());
                x.put("precision", s.precision());
                x.put("explainedAdjustments", s.explainedAdjustments());
                x.put("expected", s.expected());
                x.put("invoice", s.invoice());
                x.put("unexplained", s.unexplained());
                x.put("due", s.due());
                x.put("finalAt", s.finalAt() == null ? null : s.finalAt().toString());
                return x;
            }).toList());
            json.print(out, doc);
            return ExitCode.OK;
        }
        fetched.forEach(f -> out.println("bill " + m + " " + f));
        if (statements.isEmpty()) {
            out.println(m + ": no monthly bill kept (enable idv.reconcile.tencent-invoice to read Tencent's)");
        }
        for (InvoiceReconciliation.Statement s : statements) {
            out.printf("%s %s %s (bill version %d, %s)%s%n", m, s.provider(), s.account(), s.invoiceVersion(),
                    s.source(), s.due() ? "" : " NOT YET DUE: final from " + shanghai(s.finalAt())
                            + ", until then for reference only");
            out.printf("  ledger                                   %12s CNY (%,d calls)%n", s.ledger(),
                    s.ledgerCalls());
            out.printf("  + month-end day booked in the next month %12s%n", s.monthEndShift());
            out.printf("  + prepaid resource packages              %12s%n", s.resourcePackages());
            out.printf("  + tier boundaries crossing the month     %12s%n", s.tierBoundaries());
            out.printf("  + provider precision (8 -> 2 decimals)   %12s%n", s.precision());
            out.printf("  + explained adjustments                  %12s%n", s.explainedAdjustments());
            out.printf("  = expected                               %12s%n", s.expected());
            out.printf("  invoice                                  %12s CNY (%,d calls)%n", s.invoice(),
                    s.invoiceCalls());
            out.printf("  unexplained                              %12s%s%n", s.unexplained(),
                    s.unexplained().signum() == 0 ? "" : "  <- explain it before the close");
        }
        return ExitCode.OK;
    }

    /** An instant as Asia/Shanghai wall time, as finance reads due times. */
    private static String shanghai(java.time.Instant at) {
        return at.atZone(BusinessDay.ZONE).toLocalDateTime() + " Asia/Shanghai";
    }
}
