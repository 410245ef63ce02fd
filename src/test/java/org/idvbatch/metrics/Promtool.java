package org.idvbatch.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's promtool (package {@code prometheus}, which {@code .ci/install-deps} installs): skipped with the reason
 * where it is missing, a failure on CI (env {@code CI} set), where its absence is a broken build machine.
 */
final class Promtool {

    static final Path BINARY = Path.of("/usr/bin/promtool");

    private Promtool() {
    }

    /** What promtool answered: its exit code and its stdout and stderr together. */
    record Result(int exitCode, String output) {
    }

    static void requireInstalled() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        String why = BINARY + " is missing: install Debian's prometheus (./.ci/install-deps does)";
        if (System.getenv("CI") != null) {
            Assertions.fail(why + "; CI runs .ci/install-deps first, so this is a broken build machine");
        }
        Assumptions.abort(why);
    }

    /** Runs {@code promtool args...} in {@code dir}, {@code stdin} (may be null) on its standard input. */
    static Result run(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        requireInstalled();
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail("promtool " + String.join(" ", args) + " did not end in 120 s");
        }
        return new Result(p.exitValue(), out);
    }
}
