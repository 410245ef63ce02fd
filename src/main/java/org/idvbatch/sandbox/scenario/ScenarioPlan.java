package org.idvbatch.sandbox.scenario;

import java.time.LocalDate;
import java.util.List;

/**
 * What to generate: {@code sessions} sessions created over the {@code days} Asia/Shanghai business days that
 * end with {@code lastDay}, for the given accounts (AccessKey ids), from {@code seed}. Same plan, same data.
 */
public record ScenarioPlan(int sessions, int days, long seed, LocalDate lastDay, List<String> accounts) {

    public ScenarioPlan {
        if (sessions < 0 || days < 1) {
            throw new IllegalArgumentException("sessions must be >= 0 and days >= 1");
        }
        if (accounts == null || accounts.isEmpty()) {
            throw new IllegalArgumentException("a scenario needs at least one account");
        }
        accounts = List.copyOf(accounts);
    }
}
