package org.idvbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.idvbatch.RejectedInputException;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** {@code console-user --hash} prints what the console's password check accepts, and refuses a short password. */
class ConsoleUserCommandTests {

    final PasswordEncoder check = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void theBcryptHashIsAcceptedByTheConsolesPasswordCheck() {
        String hash = ConsoleUserCommand.hash("correct horse battery".toCharArray(), "bcrypt");
        assertThat(hash).startsWith("{bcrypt}$2a$12$");
        assertThat(check.matches("correct horse battery", hash)).isTrue();
        assertThat(check.matches("correct horse batterY", hash)).isFalse();
    }

    @Test
    void theArgon2HashIsAcceptedToo() {
        String hash = ConsoleUserCommand.hash("correct horse battery".toCharArray(), "argon2");
        assertThat(hash).startsWith("{argon2@SpringSecurity_v5_8}$argon2id$");
        assertThat(check.matches("correct horse battery", hash)).isTrue();
    }

    @Test
    void aShortPasswordOrAnUnknownAlgorithmIsRefused() {
        assertThatThrownBy(() -> ConsoleUserCommand.hash("short".toCharArray(), "bcrypt"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("at least 12");
        assertThatThrownBy(() -> ConsoleUserCommand.hash("long enough password".toCharArray(), "md5"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("--algorithm");
    }
}
