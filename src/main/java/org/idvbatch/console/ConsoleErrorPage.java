package org.idvbatch.console;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Every error the daemon answers (400 from refused input, 403, 404, 405, 500), as a console page in the reader's
 * language instead of the container's or Spring's English page. It names what was refused (a field, never its
 * value) and nothing of the inside: no exception, no stack, no path on disk. The actuator's paths get a JSON body.
 */
@Controller
@ConditionalOnWebApplication
class ConsoleErrorPage implements ErrorController {

    private final ConsoleAudit audit;

    ConsoleErrorPage(ConsoleAudit audit) {
        this.audit = audit;
    }

    /** Statuses with their own title and text; any other 4xx reads as 400's, any 5xx as 500's. */
    private static final Set<Integer> NAMED = Set.of(400, 403, 404, 405, 413, 429, 500, 503);

    /**
     * The page, or for the actuator's paths and a caller that asks for JSON (a scraper, a script) a JSON body with
     * the status (and the refused field).
     */
    @RequestMapping("/error")
    String page(HttpServletRequest req, HttpServletResponse res, Model model) throws java.io.IOException {
        int status = status(req);
        res.setStatus(status);
        Object field = req.getAttribute(RequestInputGuard.REFUSED_FIELD);
        String shownField = field == null ? null : RequestInputGuard.printable(field.toString(), 80);
        auditRefusedInput(req, field);
        if (wantsJson(req)) {
            res.setContentType(MediaType.APPLICATION_JSON_VALUE);
            res.setCharacterEncoding("UTF-8");
            res.getWriter().write("{\"status\":" + status + (shownField == null ? "" : ",\"field\":\""
                    + shownField.replace("\\", "\\\\").replace("\"", "\\\"") + "\"") + "}");
            return null;
        }
        model.addAttribute("status", status);
        model.addAttribute("kind", kind(status));
        model.addAttribute("field", shownField);
        model.addAttribute("why", req.getAttribute(RequestInputGuard.REFUSED_WHY));
        return "console/error";
    }

    private static boolean wantsJson(HttpServletRequest req) {
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String accept = req.getHeader("Accept");
        return (uri != null && uri.toString().startsWith("/actuator"))
                || (accept != null && accept.contains("json") && !accept.contains("text/html"));
    }

    /**
     * A signed-in user's request that the input guard refused is audited as a refused request (an anonymous one
     * leaves its WARN line only: it changed nothing and named nobody).
     */
    private void auditRefusedInput(HttpServletRequest req, Object field) {
        org.springframework.security.core.Authentication who =
                org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        if (field == null || who == null || !who.isAuthenticated()
                || who instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
            return;
        }
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        audit.record(who.getName(), "REFUSED_REQUEST", req.getMethod() + " "
                + RequestInputGuard.printable(String.valueOf(uri), 300), req.getRemoteAddr(), null,
                ConsoleAudit.Outcome.REFUSED, "refused input: " + field);
    }

    /** The status of the error shown; a request for {@code /error} itself is answered as a page that is not there. */
    static int status(HttpServletRequest req) {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            return 404;
        }
        return code instanceof Integer i && i >= 400 && i <= 599 ? i : 500;
    }

    /** The message group of a status: {@code error.404.title} and so on. */
    static int kind(int status) {
        if (NAMED.contains(status)) {
            return status;
        }
        return status >= 500 ? 500 : 400;
    }
}
