package org.idvbatch.console;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operations console, served by the daemon on its port ({@code idv.daemon.port}).
 *
 * @param enabled        {@code false} leaves only the actuator endpoints on the daemon's port
 * @param users          who may sign in: a name, a password hash ({@code console-user --hash} prints one) and roles
 * @param loginThrottle  how repeated failed sign-ins are slowed down
 * @param pageSize       rows per page of the Runs and Sessions pages
 * @param stuckAfter     an execution recorded STARTED whose last update is older than this, with no live partition
 *                       lease, is offered for recovery (its node is gone)
 */
@ConfigurationProperties("idv.console")
public record ConsoleProperties(Boolean enabled, List<User> users, @DefaultValue LoginThrottle loginThrottle,
                                @DefaultValue("50") int pageSize, @DefaultValue("10m") Duration stuckAfter) {

    /**
     * The console's roles. Every signed-in user of the first four may read Overview, Runs, Schedules and Sessions.
     * METRICS is the scraper's: {@code /actuator/prometheus} and {@code /actuator/metrics} over HTTP Basic, and no
     * page; no console user needs it, so a console password is never the scraper's.
     */
    public enum Role { OPERATOR, FINANCE, COMPLIANCE, VIEWER, METRICS }

    public ConsoleProperties {
        enabled = enabled == null || enabled;
        users = users == null ? List.of() : List.copyOf(users);
        org.idvbatch.settings.InvalidSettingException.positive("idv.console.stuck-after", stuckAfter);
        if (pageSize < 1 || pageSize > 500) {
            throw new IllegalArgumentException("idv.console.page-size must be between 1 and 500, not " + pageSize);
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < users.size(); i++) {
            User u = users.get(i);
            String at = "idv.console.users[" + i + "]";
            if (u.name() == null || u.name().isBlank()) {
                throw new IllegalArgumentException(at + ".name is missing");
            }
            if (!names.add(u.name())) {
                throw new IllegalArgumentException(at + ".name: " + u.name() + " is listed twice");
            }
            if (u.passwordHash() == null || !u.passwordHash().matches("\\{(bcrypt|argon2@SpringSecurity_v5_8)}.+")) {
                throw new IllegalArgumentException(at + ".password-hash (user " + u.name() + ") must be a {bcrypt} or"
                        + " {argon2@SpringSecurity_v5_8} hash as `console-user --hash` prints it, never a clear password");
            }
            if (u.roles() == null || u.roles().isEmpty()) {
                throw new IllegalArgumentException(at + ".roles (user " + u.name() + ") is empty: give at least one of "
                        + java.util.Arrays.toString(Role.values()));
            }
        }
    }

    /** One console user. */
    public record User(String name, String passwordHash, Set<Role> roles) {
    }

    /**
     * @param freeFailures failed sign-ins (per user name and per address) before the next attempt has to wait
     * @param firstDelay   the wait after the first failure beyond the free ones; it doubles with each further one
     * @param maxDelay     the longest wait
     */
    public record LoginThrottle(@DefaultValue("3") int freeFailures, @DefaultValue("2s") Duration firstDelay,
                                @DefaultValue("5m") Duration maxDelay) {
        public LoginThrottle {
            org.idvbatch.settings.InvalidSettingException.atLeast("idv.console.login-throttle.free-failures",
                    freeFailures, 0);
            org.idvbatch.settings.InvalidSettingException.positive("idv.console.login-throttle.first-delay",
                    firstDelay);
            org.idvbatch.settings.InvalidSettingException.positive("idv.console.login-throttle.max-delay", maxDelay);
        }
    }
}
