package org.idvbatch.console;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.idvbatch.provider.Provider;
import org.idvbatch.reconcile.close.MonthClose;
import org.idvbatch.report.PublishedWorkbooks;
import org.idvbatch.session.SessionState;
import org.idvbatch.time.BusinessDay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.io.InputStreamResource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;

/** The console's pages (reading only; the changes are {@link ConsoleActions}). */
@Controller
@ConditionalOnWebApplication
class ConsolePages {

    private final OverviewQuery overview;
    private final RunsQuery runs;
    private final SchedulesView schedules;
    private final SessionsQuery sessions;
    private final ReconciliationQuery reconciliation;
    private final EvidenceQuery evidence;
    private final MonthClose monthClose;
    private final PublishedWorkbooks workbooks;
    private final ConsoleProperties props;
    private final ConsoleAudit audit;
    private final Clock clock;
    private final List<SignInProvider> signInProviders;

    /** An OIDC client registration the login page offers, by its id and the name people know it by. */
    record SignInProvider(String registrationId, String name) {
    }

    ConsolePages(OverviewQuery overview, RunsQuery runs, SchedulesView schedules, SessionsQuery sessions,
                 ReconciliationQuery reconciliation, EvidenceQuery evidence, MonthClose monthClose,
                 PublishedWorkbooks workbooks, ConsoleProperties props, ConsoleAudit audit, Clock clock,
                 org.springframework.beans.factory.ObjectProvider<
                         org.springframework.security.oauth2.client.registration.ClientRegistrationRepository> oidc) {
        this.overview = overview;
        this.runs = runs;
        this.schedules = schedules;
        this.sessions = sessions;
        this.reconciliation = reconciliation;
        this.evidence = evidence;
        this.monthClose = monthClose;
        this.workbooks = workbooks;
        this.props = props;
        this.audit = audit;
        this.clock = clock;
        List<SignInProvider> offered = new java.util.ArrayList<>();
        if (oidc.getIfAvailable() instanceof Iterable<?> registrations) {
            for (Object r : registrations) {
                var registration = (org.springframework.security.oauth2.client.registration.ClientRegistration) r;
                offered.add(new SignInProvider(registration.getRegistrationId(), registration.getClientName()));
            }
        }
        this.signInProviders = List.copyOf(offered);
    }

    /** The sign-in form when users are configured, and a link per OIDC registration when there are any. */
    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("formSignIn", !props.users().isEmpty() || signInProviders.isEmpty());
        model.addAttribute("signInProviders", signInProviders);
        return "console/login";
    }

    /** Any method: a refused POST is forwarded here as a POST. */
    @org.springframework.web.bind.annotation.RequestMapping("/error/403")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String forbidden() {
        return "console/forbidden";
    }

    @GetMapping("/")
    String overview(Model model) {
        model.addAttribute("overview", overview.read(14));
        model.addAttribute("stages", overview.stages());
        return "console/overview";
    }

    @GetMapping("/runs")
    String runs(@RequestParam(required = false) String job, @RequestParam(required = false) String status,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(defaultValue = "0") int page, Model model) {
        RunsQuery.Filter filter = new RunsQuery.Filter(job, status, from, to, page);
        model.addAttribute("filter", filter);
        model.addAttribute("jobNames", runs.jobNames());
        model.addAttribute("statuses", RunsQuery.STATUSES);
        model.addAttribute("page", runs.executions(filter, props.pageSize()));
        return "console/runs";
    }

    @GetMapping("/runs/{id}")
    String run(@PathVariable long id, Model model) {
        model.addAttribute("detail", runs.detail(id, clock.instant(), props.stuckAfter())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no job execution " + id)));
        return "console/run";
    }

    @GetMapping("/schedules")
    String schedules(Model model) throws Exception {
        model.addAttribute("triggers", schedules.triggers());
        model.addAttribute("nodes", schedules.nodes());
        model.addAttribute("leases", schedules.leases());
        return "console/schedules";
    }

    @GetMapping("/sessions")
    String sessions(@RequestParam(required = false) String merchantBizId,
                    @RequestParam(required = false) String providerRef, @RequestParam(required = false) String state,
                    @RequestParam(required = false) String provider,
                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                    @RequestParam(defaultValue = "0") int page, Model model) {
        SessionsQuery.Filter filter = new SessionsQuery.Filter(merchantBizId, providerRef, state, provider, date, page);
        model.addAttribute("filter", filter);
        model.addAttribute("states", Stream.of(SessionState.values()).map(Enum::name).toList());
        model.addAttribute("providers", Stream.of(Provider.values()).map(Provider::code).toList());
        model.addAttribute("page", sessions.search(filter, props.pageSize()));
        return "console/sessions";
    }

    @GetMapping("/reconciliation")
    String reconciliation(@RequestParam(required = false) String month, Model model) {
        YearMonth m = month(month);
        model.addAttribute("month", m);
        model.addAttribute("previous", m.minusMonths(1));
        model.addAttribute("next", m.plusMonths(1));
        model.addAttribute("grid", reconciliation.grid(m));
        model.addAttribute("close", monthClose.status(m));
        return "console/reconciliation";
    }

    @GetMapping("/reconciliation/{date}/{provider}")
    String reconciliationDay(@PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                             @PathVariable String provider, Model model) {
        model.addAttribute("date", date);
        model.addAttribute("provider", provider);
        model.addAttribute("lines", reconciliation.lines(date, provider));
        model.addAttribute("tally", reconciliation.tally(date, provider));
        model.addAttribute("calls", reconciliation.calls(date, provider));
        model.addAttribute("callsShown", ReconciliationQuery.CALLS_SHOWN);
        return "console/reconciliation-day";
    }

    @GetMapping("/reports")
    String reports(Model model) throws IOException {
        PublishedWorkbooks.Listing listing = workbooks.list();
        model.addAttribute("files", listing.workbooks());
        model.addAttribute("leftOut", listing.leftOut());
        model.addAttribute("yesterday", BusinessDay.yesterday(clock).date());
        return "console/reports";
    }

    /**
     * A workbook (or the session file beside a big day's), downloaded: only one idv-batch wrote and nobody changed
     * since ({@link PublishedWorkbooks}),
     * audited with who, when and from where, whether served or refused.
     */
    @GetMapping("/reports/file")
    ResponseEntity<InputStreamResource> download(@RequestParam String name, Authentication who,
                                                 HttpServletRequest request) {
        java.util.Optional<PublishedWorkbooks.Opened> opened = workbooks.open(name);
        if (opened.isEmpty()) {
            audit.record(who.getName(), "DOWNLOAD_REPORT", name, request.getRemoteAddr(), null,
                    ConsoleAudit.Outcome.REFUSED, "not a workbook idv-batch wrote, or changed since");
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no workbook " + name);
        }
        PublishedWorkbooks.Opened file = opened.get();
        audit.record(who.getName(), "DOWNLOAD_REPORT", name, request.getRemoteAddr(), null,
                ConsoleAudit.Outcome.DONE, null);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.fileName()).build().toString())
                .contentType(MediaType.parseMediaType(file.fileName().endsWith(".gz") ? "application/gzip"
                        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .contentLength(file.bytes())
                .body(new InputStreamResource(file.content())); // closing the stream closes the file
    }

    @GetMapping("/evidence")
    String evidence(Model model) {
        model.addAttribute("evidence", evidence.read());
        return "console/evidence";
    }

    private YearMonth month(String month) {
        if (month == null || month.isBlank()) {
            return BusinessDay.yesterday(clock).month();
        }
        try {
            return YearMonth.parse(month);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "month must be YYYY-MM, not " + month);
        }
    }
}
