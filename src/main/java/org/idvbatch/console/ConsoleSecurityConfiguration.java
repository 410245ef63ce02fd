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
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may see and do what on the daemon's port. Two filter chains: the actuator endpoints (health anonymous, as
 * load balancers need it; metrics for any signed-in console user over HTTP Basic, as Prometheus scrapes) and the
 * console (form sign-in, or OIDC when a registration is configured; CSRF on every change; roles per page).
 */
@Configuration
@EnableWebSecurity
@ConditionalOnWebApplication
class ConsoleSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurityConfiguration.class);

    static final String OPERATOR = ConsoleProperties.Role.OPERATOR.name();
    static final String FINANCE = ConsoleProperties.Role.FINANCE.name();
    static final String COMPLIANCE = ConsoleProperties.Role.COMPLIANCE.name();

    @Bean
    PasswordEncoder consolePasswordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
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
    LoginThrottle loginThrottle(ConsoleProperties props, Clock clock) {
        return new LoginThrottle(props.loginThrottle(), clock);
    }

    @Bean
    @Order(1)
    SecurityFilterChain actuatorChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(a -> a.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(b -> { })
                .csrf(c -> c.disable()) // read-only endpoints, no session and no cookie: nothing to forge
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain consoleChain(HttpSecurity http, ConsoleProperties props, LoginThrottle throttle,
                                     ConsoleAudit audit, ObjectProvider<ClientRegistrationRepository> oidc)
            throws Exception {
        if (!props.enabled()) {
            http.authorizeHttpRequests(a -> a.anyRequest().denyAll());
            return http.build();
        }
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/console.css", "/error").permitAll()
                        .requestMatchers("/reconciliation", "/reconciliation/**").hasRole(FINANCE)
                        .requestMatchers("/reports", "/reports/**").hasAnyRole(FINANCE, COMPLIANCE)
                        .requestMatchers("/evidence", "/evidence/**").hasRole(COMPLIANCE)
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/runs/**", "/schedules/**",
                                "/sessions/**").hasRole(OPERATOR)
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", false)
                        .failureHandler((req, res, e) -> {
                            String name = req.getParameter("username");
                            throttle.failed(name, req.getRemoteAddr());
                            audit.record(actor(name), "SIGN_IN", "console", req.getRemoteAddr(), null,
                                    ConsoleAudit.Outcome.REFUSED, "wrong user name or password");
                            res.sendRedirect(req.getContextPath() + "/login?error");
                        })
                        .successHandler(new org.springframework.security.web.authentication
                                .SavedRequestAwareAuthenticationSuccessHandler() {
                            @Override
                            public void onAuthenticationSuccess(HttpServletRequest req, HttpServletResponse res,
                                    org.springframework.security.core.Authentication auth)
                                    throws IOException, ServletException {
                                throttle.succeeded(auth.getName());
                                super.onAuthenticationSuccess(req, res, auth);
                            }
                        }))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                .exceptionHandling(e -> e.accessDeniedPage("/error/403"))
                .addFilterBefore(new ThrottleFilter(throttle, audit), UsernamePasswordAuthenticationFilter.class)
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'")));
        if (oidc.getIfAvailable() != null) {
            http.oauth2Login(o -> o.loginPage("/login").defaultSuccessUrl("/", false)
                    .userInfoEndpoint(u -> u.userAuthoritiesMapper(ConsoleSecurityConfiguration::rolesFromClaim))
                    .failureHandler((req, res, e) -> {
                        // who it was is not known: the provider's answer was refused before naming anyone
                        String why = e instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException
                                o2 ? o2.getError().getErrorCode() : e.getClass().getSimpleName();
                        audit.record("(OIDC)", "SIGN_IN", "console", req.getRemoteAddr(), null,
                                ConsoleAudit.Outcome.REFUSED, "OIDC sign-in refused: " + why);
                        res.sendRedirect(req.getContextPath() + "/login?oidcError");
                    }));
        }
        return http.build();
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
                        if (role.name().equals(String.valueOf(r))) {
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

    static String actor(String name) {
        return name == null || name.isBlank() ? "(no name given)" : name;
    }

    /** Refuses a sign-in attempt that comes before its wait is over, without checking the password. */
    static final class ThrottleFilter extends OncePerRequestFilter {

        private final LoginThrottle throttle;
        private final ConsoleAudit audit;

        ThrottleFilter(LoginThrottle throttle, ConsoleAudit audit) {
            this.throttle = throttle;
            this.audit = audit;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest req) {
            return !("POST".equals(req.getMethod()) && "/login".equals(req.getServletPath()));
        }

        @Override
        protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                throws ServletException, IOException {
            String name = req.getParameter("username");
            Duration wait = throttle.waitFor(name, req.getRemoteAddr());
            if (!wait.isZero() && !wait.isNegative()) {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                audit.record(actor(name), "SIGN_IN", "console", req.getRemoteAddr(), null,
                        ConsoleAudit.Outcome.REFUSED, "too many failed sign-ins: wait " + seconds + " s");
                res.setHeader("Retry-After", Long.toString(seconds));
                res.sendRedirect(req.getContextPath() + "/login?wait=" + seconds);
                return;
            }
            chain.doFilter(req, res);
        }
    }

}
