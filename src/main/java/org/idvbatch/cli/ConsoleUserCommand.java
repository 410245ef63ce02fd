package org.idvbatch.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.idvbatch.RejectedInputException;
import org.idvbatch.command.ExitCode;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code console-user --hash}: prints the password hash a console user's entry in {@code idv.console.users} takes.
 * The password is read from the terminal without echo, or as the first line of standard input; never from the
 * command line, where other users of the machine and the shell history would see it.
 */
@Command(name = "console-user", mixinStandardHelpOptions = true,
        description = {"Prints a password hash for idv.console.users[].password-hash (config/application.yml).",
                "The password is asked on the terminal, or read as the first line of standard input."})
class ConsoleUserCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--hash", required = true, description = "Hash a password (the only thing this command does).")
    boolean hash;

    @Option(names = "--algorithm", defaultValue = "bcrypt", description = "bcrypt (default, cost 12) or argon2.")
    String algorithm;

    @Override
    public Integer call() throws Exception {
        char[] password;
        java.io.Console console = System.console();
        if (console != null) {
            password = console.readPassword("password: ");
            char[] again = console.readPassword("again: ");
            if (password == null || again == null || !java.util.Arrays.equals(password, again)) {
                throw new RejectedInputException("the two passwords differ; nothing printed");
            }
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        spec.commandLine().getOut().println(hash(password, algorithm));
        java.util.Arrays.fill(password, '\0');
        return ExitCode.OK;
    }

    /** The hash with its {id} prefix, as Spring Security's delegating encoder reads it. */
    static String hash(char[] password, String algorithm) {
        if (password.length < 12) {
            throw new RejectedInputException("the password has " + password.length + " characters: give at least 12");
        }
        String clear = new String(password);
        return switch (algorithm) {
            case "bcrypt" -> "{bcrypt}" + new BCryptPasswordEncoder(12).encode(clear);
            case "argon2" -> "{argon2@SpringSecurity_v5_8}"
                    + Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(clear);
            default -> throw new RejectedInputException("--algorithm must be bcrypt or argon2, not " + algorithm);
        };
    }
}
