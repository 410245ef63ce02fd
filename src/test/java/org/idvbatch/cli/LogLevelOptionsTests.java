package org.idvbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.idvbatch.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -q} and {@code -v}, anywhere on the line like the settings: a quiet command writes only errors on stderr,
 * a verbose one the libraries' INFO lines and idv-batch's DEBUG lines too; stdout holds the command's output either
 * way.
 */
@SlowTest
class LogLevelOptionsTests {

    @TempDir
    Path dir;

    @Test
    void quietLeavesOnlyErrorsOnStderrAndVerboseAddsDebugLines() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.copy(Path.of("config/application.yml"), dir.resolve("config/application.yml"));
        Files.copy(Path.of("config/tariffs.yml"), dir.resolve("config/tariffs.yml"));

        String[] normal = run("status", "--json");
        String[] quiet = run("status", "--json", "-q");
        String[] verbose = run("-v", "status", "--json");

        assertThat(normal[1]).contains(" INFO ");
        assertThat(quiet[1]).doesNotContain(" INFO ").doesNotContain(" WARN ");
        assertThat(verbose[1]).as("the libraries' INFO lines too").contains("postmaster started");
        assertThat(normal[1]).doesNotContain("postmaster started");
        // what `status --json | jq` reads: one JSON document and nothing after it
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        for (String[] r : List.of(normal, quiet, verbose)) {
            assertThat(json.readTree(r[0]).get("sessions").isObject()).as(r[0]).isTrue();
        }
    }

    /** stdout and stderr of the command run in its own JVM from a directory with the configuration. */
    private String[] run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "org.idvbatch.launcher.IdvBatchLauncher"));
        command.addAll(List.of(args));
        command.add("--idv.data-dir=" + dir.resolve("data"));
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        return new String[] {out, Files.readString(err)};
    }
}
