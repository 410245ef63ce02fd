package org.idvbatch.console;

import org.idvbatch.settings.BoundSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.idvbatch.console.ConsoleProperties.Role;
import org.idvbatch.console.ConsoleProperties.User;
import org.junit.jupiter.api.Test;

/** The console's users are refused at start, naming the entry and field, unless each is a name, a hash and roles. */
class ConsolePropertiesTests {

    static final String HASH = "{bcrypt}$2a$04$abcdefghijklmnopqrstuuN7t1y5rKZ0lq0Zr0WcVYj3v8t6o8yG2";

    @Test
    void aClearPasswordIsRefusedNamingTheUser() {
        assertThatThrownBy(() -> props(new User("finance", "s3cret-password", Set.of(Role.FINANCE))))
                .hasMessageContaining("idv.console.users[0].password-hash").hasMessageContaining("finance")
                .hasMessageContaining("console-user --hash").hasMessageNotContaining("s3cret");
    }

    @Test
    void aUserWithoutRolesOrANameListedTwiceIsRefused() {
        assertThatThrownBy(() -> props(new User("viewer", HASH, Set.of())))
                .hasMessageContaining("idv.console.users[0].roles");
        assertThatThrownBy(() -> props(new User("ops", HASH, Set.of(Role.OPERATOR)),
                new User("ops", HASH, Set.of(Role.VIEWER)))).hasMessageContaining("idv.console.users[1].name")
                .hasMessageContaining("twice");
    }

    @Test
    void defaultsAreSecure() {
        ConsoleProperties p = BoundSettings.bind(ConsoleProperties.class);
        assertThat(p.enabled()).isTrue();
        assertThat(p.users()).as("nobody, until users are configured").isEmpty();
        assertThat(p.loginThrottle().freeFailures()).isEqualTo(3);
        assertThat(p.pageSize()).isEqualTo(50);
    }

    private static ConsoleProperties props(User... users) {
        ConsoleProperties defaults = BoundSettings.bind(ConsoleProperties.class);
        return new ConsoleProperties(true, List.of(users), defaults.loginThrottle(), defaults.pageSize(),
                defaults.stuckAfter());
    }
}
