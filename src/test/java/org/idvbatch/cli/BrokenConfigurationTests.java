package org.idvbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.idvbatch.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration file that is not YAML: the one line on stderr starts with where it breaks. */
@SlowTest
class BrokenConfigurationTests {

    @TempDir
    Path dir;

    @Test
    void aYamlErrorIsNamedFirstWithItsLineAndColumn() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.yml"), "idv:\n  harvest:\n    threads: [4\n");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.idvbatch.launcher.IdvBatchLauncher", "status"))
                .directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(1);
        String line = err.lines().filter(l -> l.startsWith("idv-batch status: ")).findFirst().orElse(err);
        assertThat(line).startsWith("idv-batch status: failed: a configuration file (config/application.yml or one it"
                + " imports) is not valid YAML: while parsing a flow sequence in 'reader', line 3, column 14")
                .contains("line 4");
    }
}
