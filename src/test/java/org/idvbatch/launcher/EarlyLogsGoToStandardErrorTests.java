package org.idvbatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What a command logs before its application context starts goes to standard error, never into its output:
 * harvest-bench --nodes 3 logged its embedded PostgreSQL's start-up on standard output (logback's own default).
 */
class EarlyLogsGoToStandardErrorTests {

    /** A process that logs before anything configures logging, as a benchmark starting its database does. */
    public static void main(String[] args) {
        LoggerFactory.getLogger("org.idvbatch.bench").info("starting the embedded server");
        LoggerFactory.getLogger("org.idvbatch.bench").debug("not shown below INFO");
        System.out.print("the command's output");
    }

    @Test
    void aLineLoggedBeforeTheContextStartsGoesToStandardErrorNotIntoTheOutput() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                EarlyLogsGoToStandardErrorTests.class.getName()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(out).isEqualTo("the command's output");
        assertThat(err).contains("INFO").contains("starting the embedded server").doesNotContain("not shown");
    }
}
