package org.idvbatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Spring Security checks an unknown user name against a hash the encoder makes: that hash must cost what the
 * configured users' hashes cost, or the time of a refusal tells whether the name exists.
 */
class ConsolePasswordEncoderTests {

    static final String BCRYPT_12 = "{bcrypt}" + new BCryptPasswordEncoder(12).encode("pw");
    static final String BCRYPT_4 = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("pw");
    static final String ARGON2 = "{argon2@SpringSecurity_v5_8}" + Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()
            .encode("pw");

    @Test
    void theHashForAnUnknownNameHasTheConfiguredUsersBcryptCost() {
        PasswordEncoder encoder = ConsolePasswordEncoder.forUsers(List.of(BCRYPT_12, BCRYPT_12));
        assertThat(encoder.encode("userNotFoundPassword")).startsWith("{bcrypt}$2a$12$");
        assertThat(encoder.matches("pw", BCRYPT_12)).isTrue();
    }

    @Test
    void theHashForAnUnknownNameIsArgon2WithTheUsersParametersWhenTheyUseArgon2() {
        PasswordEncoder encoder = ConsolePasswordEncoder.forUsers(List.of(ARGON2));
        assertThat(encoder.encode("userNotFoundPassword"))
                .startsWith("{argon2@SpringSecurity_v5_8}$argon2id$v=19$m=16384,t=2,p=1$");
        assertThat(encoder.matches("pw", ARGON2)).isTrue();
    }

    @Test
    void theMajorityOfUsersDecidesAndEveryKindStillChecks() {
        PasswordEncoder encoder = ConsolePasswordEncoder.forUsers(List.of(BCRYPT_4, ARGON2, BCRYPT_4));
        assertThat(encoder.encode("x")).startsWith("{bcrypt}$2a$04$");
        assertThat(encoder.matches("pw", ARGON2)).isTrue();
        assertThat(encoder.matches("pw", BCRYPT_4)).isTrue();
        assertThat(encoder.matches("wrong", BCRYPT_4)).isFalse();
    }

    @Test
    void withNoUsersItHashesAsConsoleUserDoes() {
        assertThat(ConsolePasswordEncoder.forUsers(List.of()).encode("x")).startsWith("{bcrypt}$2a$12$");
    }
}
