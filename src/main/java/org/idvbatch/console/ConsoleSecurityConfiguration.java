package org.idvbatch.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may see and do what on the daemon's port. Two filter chains: the actuator endpoints (health anonymous with
 * its status only, as load balancers need it, and its details for any configured user; metrics only for the
 * METRICS role, the scraper's, over HTTP Basic) and the console (form sign-in, or OIDC when a registration is
 * configured; CSRF on every change, its token only from a header or the form body; roles per page). Every way of
 * signing in goes through one {@link SignInGuard}: the same throttle, the same audit of failures.
 */
@Configuration
@EnableWebSecurity
@ConditionalOnWebApplication
class ConsoleSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurityConfiguration.class);

    static final String OPERATOR = ConsoleProperties.Role.OPERATOR.name();
    static final String FINANCE = ConsoleProperties.Role.FINANCE.name();
    static final String COMPLIANCE = ConsoleProperties.Role.COMPLIANCE.name();
    static final String VIEWER = ConsoleProperties.Role.VIEWER.name();
    static final String METRICS = ConsoleProperties.Role.METRICS.name();

    /** The console's pages: no page, not even a sign-in page, may be framed, post a form elsewhere or rebase links. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self';"
            + " object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    @Bean
    PasswordEncoder consolePasswordEncoder(ConsoleProperties props) {
        return ConsolePasswordEncoder.forUsers(props.users().stream().map(ConsoleProperties.User::passwordHash).toList());
    }

    @Bean
    UserDetailsService consoleUsers(ConsoleProperties props) {
        List<UserDetails> users = new ArrayList<>();
        for (ConsoleProperties.User u : props.users()) {
            users.add(User.withUsername(u.name()).password(u.passwordHash())
                    .roles(u.roles().stream().map(Enum::name).toArray(String[]::new)).build());
        }
        if (users.isEmpty() && props.enabled()) {
            log.warn("the console has no users (idv.console.users): nobody can sign in; see `console-user --help`");
        }
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    SignInGuard signInGuard(ConsoleProperties props, Clock clock, ConsoleAudit audit) {
        return new SignInGuard(new LoginThrottle(props.loginThrottle(), clock), audit,
                props.users().stream().map(ConsoleProperties.User::name).collect(java.util.stream.Collectors.toSet()));
    }

    @Bean
    @Order(1)
    SecurityFilterChain actuatorChain(HttpSecurity http, SignInGuard guard, ConsoleAudit audit) throws Exception {
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(a -> a.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole(METRICS))
                .httpBasic(b -> { })
                .addFilterBefore(new SignInGuard.SignInThrottleFilter(guard), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.accessDeniedHandler(auditedRefusal(audit, null)))
                .csrf(c -> c.disable()) // read-only endpoints, no session and no cookie: nothing to forge
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain consoleChain(HttpSecurity http, ConsoleProperties props, SignInGuard guard,
                                     ConsoleAudit audit, ObjectProvider<ClientRegistrationRepository> oidc)
            throws Exception {
        if (!props.enabled()) {
            http.authorizeHttpRequests(a -> a.anyRequest().denyAll());
            return http.build();
        }
        http.authorizeHttpRequests(a -> a
                        // the page that explains a refusal or an error is shown to whoever was refused
                        .dispatcherTypeMatchers(jakarta.servlet.DispatcherType.FORWARD,
                                jakarta.servlet.DispatcherType.ERROR).permitAll()
                        .requestMatchers("/login", "/console.css", "/error").permitAll()
                        .requestMatchers("/reconciliation", "/reconciliation/**").hasRole(FINANCE)
                        .requestMatchers("/reports", "/reports/**").hasAnyRole(FINANCE, COMPLIANCE)
                        .requestMatchers("/evidence", "/evidence/**").hasRole(COMPLIANCE)
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/runs/**", "/schedules/**",
                                "/sessions/**").hasRole(OPERATOR)
                        // the scraper's METRICS role opens no page
                        .anyRequest().hasAnyRole(OPERATOR, FINANCE, COMPLIANCE, VIEWER))
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", false)
                        // the guard has counted and audited the failure (SignInGuard.Events)
                        .failureHandler((req, res, e) -> res.sendRedirect(req.getContextPath() + "/login?error")))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                .exceptionHandling(e -> e.accessDeniedHandler(auditedRefusal(audit, "/error/403")))
                .addFilterBefore(new SignInGuard.SignInThrottleFilter(guard), UsernamePasswordAuthenticationFilter.class)
                .csrf(c -> c.csrfTokenRequestHandler(new HeaderOrBodyCsrfToken()))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)));
        if (oidc.getIfAvailable() != null) {
            http.oauth2Login(o -> o.loginPage("/login").defaultSuccessUrl("/", false)
                    .userInfoEndpoint(u -> u.userAuthoritiesMapper(ConsoleSecurityConfiguration::rolesFromClaim))
                    .failureHandler((req, res, e) -> {
                        // who it was is not known: the provider's answer was refused before naming anyone
                        String why = e instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException
                                o2 ? o2.getError().getErrorCode() : e.getClass().getSimpleName();
                        guard.oidcRefused(req.getRemoteAddr(), why);
                        res.sendRedirect(req.getContextPath() + "/login?oidcError");
                    }));
        }
        return http.build();
    }

    /**
     * A refusal (a role without the right, a change without a valid CSRF token) is audited before the 403: a
     * signed-in user's as a row with the method and path, an anonymous one counted (it can only be a form without
     * its token). {@code errorPage}: the page that explains it, or none (the actuator answers with the status).
     */
    static AccessDeniedHandler auditedRefusal(ConsoleAudit audit, String errorPage) {
        AccessDeniedHandlerImpl page = new AccessDeniedHandlerImpl();
        if (errorPage != null) {
            page.setErrorPage(errorPage);
        }
        return (req, res, denied) -> {
            Authentication who = SecurityContextHolder.getContext().getAuthentication();
            String why = denied instanceof org.springframework.security.web.csrf.CsrfException
                    ? "no valid CSRF token" : "the role does not allow it";
            if (who == null || who instanceof AnonymousAuthenticationToken || !who.isAuthenticated()) {
                audit.count(null, ConsoleAudit.Channel.FORM, ConsoleAudit.Counted.NO_CSRF, req.getRemoteAddr());
            } else {
                audit.record(who.getName(), "REFUSED_REQUEST", req.getMethod() + " " + req.getRequestURI(),
                        req.getRemoteAddr(), null, ConsoleAudit.Outcome.REFUSED, why);
            }
            page.handle(req, res, denied);
        };
    }

    /**
     * CSRF tokens from the {@code X-CSRF-TOKEN} header or the form body only. A token in the query string would end
     * up in logs, proxies' logs and the browser's history, so a request that carries one there is refused.
     */
    static final class HeaderOrBodyCsrfToken implements CsrfTokenRequestHandler {

        private final XorCsrfTokenRequestAttributeHandler xor = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response,
                           java.util.function.Supplier<CsrfToken> token) {
            xor.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            if (request.getHeader(token.getHeaderName()) == null
                    && queryNames(request.getQueryString()).contains(token.getParameterName())) {
                return null;
            }
            return xor.resolveCsrfTokenValue(request, token);
        }

        static java.util.Set<String> queryNames(String query) {
            java.util.Set<String> names = new java.util.HashSet<>();
            RequestInputGuard.queryPairs(query).forEach(pair -> names.add(pair[0]));
            return names;
        }
    }

    /**
     * OIDC sign-in: the console's roles are read from the ID token's {@code roles} claim (a list of OPERATOR,
     * FINANCE, COMPLIANCE, VIEWER); a user whose token names none of them may sign in and reads as VIEWER.
     */
    static Collection<GrantedAuthority> rolesFromClaim(Collection<? extends GrantedAuthority> granted) {
        List<GrantedAuthority> roles = new ArrayList<>();
        for (GrantedAuthority a : granted) {
            if (a instanceof OidcUserAuthority oidc && oidc.getIdToken().getClaim("roles") instanceof Collection<?> c) {
                for (Object r : c) {
                    for (ConsoleProperties.Role role : ConsoleProperties.Role.values()) {
                        // the scraper's role is a configured user's only: it opens no page and reads no metrics
                        // through a browser's session
                        if (role != ConsoleProperties.Role.METRICS && role.name().equals(String.valueOf(r))) {
                            roles.add(new SimpleGrantedAuthority("ROLE_" + role.name()));
                        }
                    }
                }
            }
        }
        if (roles.isEmpty()) {
            roles.add(new SimpleGrantedAuthority("ROLE_" + ConsoleProperties.Role.VIEWER.name()));
        }
        return roles;
    }

}
