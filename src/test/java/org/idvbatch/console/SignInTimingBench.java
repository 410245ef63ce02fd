package org.idvbatch.console;

import java.util.Arrays;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * How long a refused sign-in takes for a configured user with a wrong password and for a name nobody configured,
 * through Spring Security's DaoAuthenticationProvider, with Spring's default encoder (the baseline) and with the
 * console's, for each kind of hash {@code console-user --hash} makes. Prints the medians and their ratio: 1.0 means
 * the time does not tell who exists. Run from the test classpath (not a test: it measures time):
 * {@code mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * && java -cp target/classes:target/test-classes:$(cat target/test-cp.txt) org.idvbatch.console.SignInTimingBench}
 */
public final class SignInTimingBench {

    private SignInTimingBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        for (String hash : List.of("{bcrypt}" + new BCryptPasswordEncoder(12).encode("right"),
                "{argon2@SpringSecurity_v5_8}" + Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode("right"))) {
            String kind = hash.substring(1, hash.indexOf('}'));
            for (String encoder : List.of("spring-default", "console")) {
                PasswordEncoder enc = encoder.equals("console") ? ConsolePasswordEncoder.forUsers(List.of(hash))
                        : PasswordEncoderFactories.createDelegatingPasswordEncoder();
                DaoAuthenticationProvider provider = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
                        User.withUsername("finance").password(hash).roles("FINANCE").build()));
                provider.setPasswordEncoder(enc);
                double known = median(provider, "finance", rounds);
                double unknown = median(provider, "nobody", rounds);
                System.out.printf("%-8s %-14s wrong password for a real user %6.0f ms, unknown name %6.0f ms,"
                        + " ratio %.2f%n", kind, encoder, known, unknown, known / unknown);
            }
        }
    }

    private static double median(DaoAuthenticationProvider provider, String user, int rounds) {
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            try {
                provider.authenticate(new UsernamePasswordAuthenticationToken(user, "wrong"));
            } catch (AuthenticationException refused) {
                // the point: how long the refusal took
            }
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[rounds / 2];
    }
}
