package org.idvbatch.console;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The console's password encoder: it checks any hash {@code console-user --hash} prints, and it encodes with the
 * algorithm and cost most configured users' hashes have. Spring Security checks a user name nobody configured
 * against a hash this encoder made, so that check costs what a configured user's check costs: a wrong password
 * for a real user takes as long as any password for an unknown name, and the time does not tell who exists.
 * (Spring's default would encode with bcrypt at cost 10 while {@code console-user} hashes at 12, a 4× difference.)
 * With users on different algorithms or costs the majority's wins; give every user the same kind of hash.
 */
final class ConsolePasswordEncoder {

    static final String BCRYPT = "bcrypt";
    static final String ARGON2 = "argon2@SpringSecurity_v5_8";

    private static final Pattern BCRYPT_COST = Pattern.compile("\\{bcrypt}\\$2[abyx]?\\$(\\d{2})\\$.*");
    private static final Pattern ARGON2_PARAMS =
            Pattern.compile("\\{argon2@SpringSecurity_v5_8}\\$argon2(?:id|i|d)\\$v=\\d+\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$.*");

    private ConsolePasswordEncoder() {
    }

    /** The kind of hash a configured user has: the algorithm's id and an encoder with that hash's cost. */
    record HashKind(String id, String parameters, PasswordEncoder encoder) {
    }

    static PasswordEncoder forUsers(List<String> hashes) {
        HashKind kind = majority(hashes);
        Map<String, PasswordEncoder> encoders = new HashMap<>();
        encoders.put(BCRYPT, new BCryptPasswordEncoder());
        encoders.put(ARGON2, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8());
        encoders.put(kind.id(), kind.encoder());
        return new DelegatingPasswordEncoder(kind.id(), encoders);
    }

    /** The most common kind among the hashes; with none, {@code console-user --hash}'s default (bcrypt, cost 12). */
    static HashKind majority(List<String> hashes) {
        Map<String, List<HashKind>> byParameters = hashes.stream().map(ConsolePasswordEncoder::kindOf)
                .collect(Collectors.groupingBy(k -> k.id() + k.parameters(), java.util.LinkedHashMap::new,
                        Collectors.toList()));
        return byParameters.values().stream().max(Comparator.comparingInt(List::size)).map(l -> l.get(0))
                .orElseGet(() -> bcrypt(12));
    }

    static HashKind kindOf(String hash) {
        Matcher b = BCRYPT_COST.matcher(hash);
        if (b.matches()) {
            return bcrypt(Integer.parseInt(b.group(1)));
        }
        Matcher a = ARGON2_PARAMS.matcher(hash);
        if (a.matches()) {
            int memory = Integer.parseInt(a.group(1));
            int iterations = Integer.parseInt(a.group(2));
            int parallelism = Integer.parseInt(a.group(3));
            return new HashKind(ARGON2, "m=" + memory + ",t=" + iterations + ",p=" + parallelism,
                    new Argon2PasswordEncoder(16, 32, parallelism, memory, iterations));
        }
        return bcrypt(12);
    }

    private static HashKind bcrypt(int cost) {
        return new HashKind(BCRYPT, "cost=" + cost, new BCryptPasswordEncoder(Math.max(4, Math.min(31, cost))));
    }

}
