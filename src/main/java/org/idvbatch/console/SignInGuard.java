package org.idvbatch.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One guard for every way of signing in (the console's form, HTTP Basic on the actuator endpoints, an OIDC
 * provider's answer): the same throttle before the password is checked, and the same record of each failure.
 * A failure for a configured user is a {@code console_audit} row; a failure for a name nobody configured, and an
 * attempt refused while its wait is not over, are counted per day and address, never keeping the typed name
 * (which may be a password typed into the wrong field).
 */
final class SignInGuard {

    private final LoginThrottle throttle;
    private final ConsoleAudit audit;
    private final Set<String> users;

    SignInGuard(LoginThrottle throttle, ConsoleAudit audit, Set<String> users) {
        this.throttle = throttle;
        this.audit = audit;
        this.users = Set.copyOf(users);
    }

    /** How long an attempt for this name from this address must still wait; zero when it may go ahead. */
    Duration waitFor(String name, String address) {
        return throttle.waitFor(name, address);
    }

    void refusedWhileWaiting(String name, ConsoleAudit.Channel channel, String address) {
        audit.count(configured(name), channel, ConsoleAudit.Counted.THROTTLED, address);
    }

    void failed(String name, ConsoleAudit.Channel channel, String address) {
        throttle.failed(name, address);
        String user = configured(name);
        if (user != null) {
            audit.record(user, "SIGN_IN", channel == ConsoleAudit.Channel.HTTP_BASIC ? "actuator" : "console",
                    address, null, ConsoleAudit.Outcome.REFUSED, "wrong password (" + channel + ")");
        } else {
            audit.count(null, channel, ConsoleAudit.Counted.UNKNOWN_USER, address);
        }
    }

    void succeeded(String name) {
        throttle.succeeded(name);
    }

    /** An OIDC provider's answer refused: nobody is named yet, so it counts against the address. */
    void oidcRefused(String address, String why) {
        throttle.failed(null, address);
        audit.record("(OIDC)", "SIGN_IN", "console", address, null, ConsoleAudit.Outcome.REFUSED,
                "OIDC sign-in refused: " + why);
    }

    private String configured(String name) {
        return name != null && users.contains(name) ? name : null;
    }

    /**
     * Spring Security's authentication events, for every user-name-and-password sign-in whatever its channel: the
     * form and HTTP Basic both end in the one ProviderManager that publishes them.
     */
    @EventListener
    void on(AbstractAuthenticationFailureEvent failure) {
        if (failure.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt) {
            HttpServletRequest req = currentRequest();
            failed(attempt.getName(), channel(req), req == null ? null : req.getRemoteAddr());
        }
    }

    @EventListener
    void on(AuthenticationSuccessEvent success) {
        succeeded(success.getAuthentication().getName());
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a ? a.getRequest() : null;
    }

    static ConsoleAudit.Channel channel(HttpServletRequest req) {
        if (req != null && basicUser(req) != null) {
            return ConsoleAudit.Channel.HTTP_BASIC;
        }
        if (req != null && req.getServletPath().startsWith("/login/oauth2/")) {
            return ConsoleAudit.Channel.OIDC;
        }
        return ConsoleAudit.Channel.FORM;
    }

    /**
     * The user name of an HTTP Basic {@code Authorization} header, read as Spring Security's Basic filter reads it;
     * "" when it cannot be read; null without one.
     */
    static String basicUser(HttpServletRequest req) {
        try {
            var attempt = new BasicAuthenticationConverter().convert(req);
            return attempt == null ? null : attempt.getName();
        } catch (org.springframework.security.core.AuthenticationException unreadable) {
            return "";
        }
    }

    /**
     * Refuses a sign-in attempt that comes before its wait is over, without checking the password: a form sign-in
     * goes back to the sign-in page saying how long to wait, HTTP Basic gets 429 with {@code Retry-After}.
     */
    static final class SignInThrottleFilter extends OncePerRequestFilter {

        private final SignInGuard guard;

        SignInThrottleFilter(SignInGuard guard) {
            this.guard = guard;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest req) {
            return !(isFormSignIn(req) || basicUser(req) != null || req.getServletPath().startsWith("/login/oauth2/"));
        }

        private static boolean isFormSignIn(HttpServletRequest req) {
            return "POST".equals(req.getMethod()) && "/login".equals(req.getServletPath());
        }

        @Override
        protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                throws ServletException, IOException {
            String basic = basicUser(req);
            String name = basic != null ? basic : isFormSignIn(req) ? req.getParameter("username") : null;
            Duration wait = guard.waitFor(name, req.getRemoteAddr());
            if (!wait.isZero() && !wait.isNegative()) {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                ConsoleAudit.Channel channel = channel(req);
                guard.refusedWhileWaiting(name, channel, req.getRemoteAddr());
                res.setHeader("Retry-After", Long.toString(seconds));
                if (channel == ConsoleAudit.Channel.HTTP_BASIC) {
                    res.setStatus(429);
                    res.setContentType("text/plain;charset=UTF-8");
                    res.getWriter().println("too many failed sign-ins: retry after " + seconds + " s");
                } else {
                    res.sendRedirect(req.getContextPath() + "/login?wait=" + seconds);
                }
                return;
            }
            chain.doFilter(req, res);
        }
    }
}
