package org.idvbatch.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ExitCode;
import org.idvbatch.reconcile.close.MonthClose;
import org.idvbatch.reconcile.close.ReconcileException;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;

/** {@code reconcile exceptions}: the month's lines not matched, their age and explanation, and its close status. */
@Command(name = "exceptions", mixinStandardHelpOptions = true,
        description = {"Lists the exceptions of a month: every line not matched in its day's current version, and every",
                "change after the close of an earlier month; with the line ID to explain, the age (days since first",
                "found) and bucket, and whether an explanation covers it. Also prints the month's close status."})
class ReconcileExceptionsCommand extends ContextCommand {

    @picocli.CommandLine.Mixin
    MonthOption month;

    @picocli.CommandLine.Mixin
    JsonOutput json;

    ReconcileExceptionsCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        YearMonth m = month.orLastMonth(ctx.getBean(Clock.class));
        MonthClose.Status status = ctx.getBean(MonthClose.class).status(m);
        if (json.wanted) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("month", m.toString());
            doc.put("state", status.state().name());
            doc.put("latestAction", status.latest().orElse(null));
            doc.put("unexplained", status.unexplained());
            doc.put("exceptions", status.exceptions().stream().map(ReconcileExceptionsCommand::json).toList());
            json.print(out, doc);
            return ExitCode.OK;
        }
        out.println(m + ": " + status.state().name().toLowerCase(java.util.Locale.ROOT)
                + status.latest().map(a -> " (by " + a.actor() + " at " + a.at() + ")").orElse("") + "; "
                + status.exceptions().size() + " exception(s), " + status.unexplained() + " unexplained");
        out.printf("%-7s %-10s %-10s %-16s %-10s %-12s %-8s %-17s %8s %8s %5s %-6s %s%n", "line", "kind", "day",
                "provider", "account", "scene", "charge", "status", "ledger", "provider", "age", "bucket",
                "explanation");
        for (ReconcileException e : status.exceptions()) {
            out.printf("%-7d %-10s %-10s %-16s %-10s %-12s %-8s %-17s %8d %8s %5d %-6s %s%n", e.lineId(),
                    e.kind(), e.businessDate(), e.provider(), e.account(), e.scene(), e.chargeType(), e.status(),
                    e.ledgerCalls(), e.providerCalls() == null ? "-" : e.providerCalls().toString(), e.ageDays(),
                    e.bucket().label(), explanation(e));
        }
        return ExitCode.OK;
    }

    private static String explanation(ReconcileException e) {
        if (e.explanation() == null) {
            return "UNEXPLAINED" + (e.causeDetail() == null ? "" : " (" + e.causeDetail() + ")");
        }
        return (e.explained() ? "" : "NO LONGER COVERS THE FIGURES: ") + "\"" + e.explanation().reason() + "\" ("
                + e.explanation().by() + ", " + e.explanation().at()
                + (e.explanation().adjustment() == null ? "" : ", adjust CNY "
                + e.explanation().adjustment().toPlainString()) + ")";
    }

    private static Map<String, Object> json(ReconcileException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lineId", e.lineId());
        m.put("kind", e.kind().name());
        m.put("businessDate", e.businessDate().toString());
        m.put("provider", e.provider());
        m.put("account", e.account());
        m.put("product", e.product());
        m.put("scene", e.scene());
        m.put("chargeType", e.chargeType());
        m.put("status", e.status());
        m.put("ledgerCalls", e.ledgerCalls());
        m.put("providerCalls", e.providerCalls());
        m.put("ledgerAmount", e.ledgerAmount());
        m.put("providerAmount", e.providerAmount());
        m.put("cause", e.causeDetail());
        m.put("foundAt", e.foundAt().toString());
        m.put("ageDays", e.ageDays());
        m.put("bucket", e.bucket().label());
        m.put("explained", e.explained());
        m.put("explanation", e.explanation());
        return m;
    }
}
