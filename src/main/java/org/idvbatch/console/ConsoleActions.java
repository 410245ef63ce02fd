package org.idvbatch.console;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.idvbatch.RejectedInputException;
import org.idvbatch.harvest.SessionRequeue;
import org.idvbatch.report.DailyReportWriter;
import org.idvbatch.report.MonthlyReportWriter;
import org.idvbatch.report.ReportRuns;
import org.idvbatch.time.BusinessDay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's changes. Each asks why, is done or refused as a whole, and leaves an audit row (who, when, what,
 * from where, why, and whether it was done); the page it returns to says what happened.
 */
@Controller
@ConditionalOnWebApplication
class ConsoleActions {

    private static final Logger log = LoggerFactory.getLogger(ConsoleActions.class);

    /** Something an action does once its reason is given; returns what was done. */
    @FunctionalInterface
    interface Change {
        String apply() throws Exception;
    }

    private final RunControl runs;
    private final SchedulesView schedules;
    private final SessionRequeue requeue;
    private final ReportRuns reportRuns;
    private final DailyReportWriter daily;
    private final MonthlyReportWriter monthly;
    private final ConsoleAudit audit;
    private final Clock clock;
    private final org.springframework.context.MessageSource messages;

    ConsoleActions(RunControl runs, SchedulesView schedules, SessionRequeue requeue, ReportRuns reportRuns,
                   DailyReportWriter daily, MonthlyReportWriter monthly, ConsoleAudit audit, Clock clock,
                   org.springframework.context.MessageSource messages) {
        this.messages = messages;
        this.runs = runs;
        this.schedules = schedules;
        this.requeue = requeue;
        this.reportRuns = reportRuns;
        this.daily = daily;
        this.monthly = monthly;
        this.audit = audit;
        this.clock = clock;
    }

    @PostMapping("/runs/{id}/{action:restart|stop|recover}")
    String run(@PathVariable long id, @PathVariable String action, @RequestParam(required = false) String reason,
               Authentication who, HttpServletRequest request, RedirectAttributes flash) {
        String what = switch (action) {
            case "restart" -> "RESTART_EXECUTION";
            case "stop" -> "STOP_EXECUTION";
            default -> "RECOVER_EXECUTION";
        };
        act(what, Long.toString(id), reason, who, request, flash, () -> switch (action) {
            case "restart" -> runs.restart(id);
            case "stop" -> runs.stop(id);
            default -> runs.recoverAndRestart(id);
        });
        return "redirect:/runs/" + id;
    }

    @PostMapping("/schedules/{key}/{action:pause|resume|fire}")
    String schedule(@PathVariable String key, @PathVariable String action,
                    @RequestParam(required = false) String reason, Authentication who, HttpServletRequest request,
                    RedirectAttributes flash) {
        String what = switch (action) {
            case "pause" -> "PAUSE_TRIGGER";
            case "resume" -> "RESUME_TRIGGER";
            default -> "FIRE_TRIGGER";
        };
        act(what, key, reason, who, request, flash, () -> switch (action) {
            case "pause" -> schedules.pause(key);
            case "resume" -> schedules.resume(key);
            default -> schedules.fireNow(key);
        });
        return "redirect:/schedules";
    }

    @PostMapping("/sessions/{id}/requeue")
    String requeue(@PathVariable long id, @RequestParam(required = false) String reason, Authentication who,
                   HttpServletRequest request, RedirectAttributes flash) {
        act("REQUEUE_SESSION", Long.toString(id), reason, who, request, flash, () -> {
            List<Long> moved = requeue.requeue(new SessionRequeue.Selection(List.of(id), null, null, null),
                    who.getName(), reason);
            return "session " + id + " requeued (" + moved.size() + "); the next harvest queries it";
        });
        return "redirect:/sessions?page=0&state=PENDING";
    }

    @PostMapping("/reports/regenerate")
    String regenerate(@RequestParam(required = false) String date, @RequestParam(required = false) String month,
                      @RequestParam(required = false) String reason, Authentication who, HttpServletRequest request,
                      RedirectAttributes flash) {
        String target = month != null && !month.isBlank() ? month : date;
        act("REGENERATE_REPORT", target == null ? "(none)" : target, reason, who, request, flash, () -> {
            if (month != null && !month.isBlank()) {
                YearMonth m = parse(() -> YearMonth.parse(month.trim()), "month must be YYYY-MM, not " + month);
                return "wrote " + monthly.write(m, reportRuns.forReportableMonth(m)).getFileName();
            }
            LocalDate d = parse(() -> LocalDate.parse(date == null ? "" : date.trim()),
                    "date must be YYYY-MM-DD, not " + date);
            return "wrote " + daily.write(reportRuns.forReportableDay(d)).getFileName();
        });
        return "redirect:/reports";
    }

    private void act(String action, String target, String reason, Authentication who, HttpServletRequest request,
                     RedirectAttributes flash, Change change) {
        String addr = request.getRemoteAddr();
        if (reason == null || reason.isBlank()) {
            audit.record(who.getName(), action, target, addr, null, ConsoleAudit.Outcome.REFUSED, "no reason given");
            flash.addFlashAttribute("refused", "a reason is required; nothing was done");
            return;
        }
        try {
            String done = change.apply();
            audit.record(who.getName(), action, target, addr, reason.trim(), ConsoleAudit.Outcome.DONE, done);
            flash.addFlashAttribute("done", done);
        } catch (RejectedInputException e) {
            String refused = e.field().map(f -> messages.getMessage("field." + f, null, f,
                    org.springframework.context.i18n.LocaleContextHolder.getLocale()) + ": ").orElse("") + e.getMessage();
            audit.record(who.getName(), action, target, addr, reason.trim(), ConsoleAudit.Outcome.REFUSED, refused);
            flash.addFlashAttribute("refused", refused);
        } catch (Exception e) {
            log.error("console {} of {} failed: {}", action, target, e.toString());
            audit.record(who.getName(), action, target, addr, reason.trim(), ConsoleAudit.Outcome.FAILED,
                    e.getClass().getSimpleName());
            flash.addFlashAttribute("refused", action + " failed: " + e.getClass().getSimpleName()
                    + " (see the daemon's log)");
        }
    }

    private static <T> T parse(java.util.function.Supplier<T> p, String message) {
        try {
            return p.get();
        } catch (java.time.format.DateTimeParseException e) {
            throw new RejectedInputException(message);
        }
    }
}
