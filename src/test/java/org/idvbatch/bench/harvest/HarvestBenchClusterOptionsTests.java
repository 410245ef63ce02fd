package org.idvbatch.bench.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.idvbatch.RejectedInputException;
import org.idvbatch.command.ExitCode;
import org.idvbatch.launcher.IdvBatchLauncher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code harvest-bench --nodes N} refuses what would not fit a machine or cannot mean a run, in one line and with
 * exit code 2, before it starts a database, a sandbox or any node (nothing here starts one: the test is fast).
 */
class HarvestBenchClusterOptionsTests {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--nodes 1", "--nodes 6", "--nodes 3 --quotas 0", "--nodes 3 --quotas 100,1001",
            "--nodes 3 --quotas 1,2,3,4,5", "--nodes 3 --work-seconds 9", "--nodes 3 --work-seconds 601",
            "--nodes 3 --kill-after 0", "--nodes 3 --work-seconds 20 --kill-after 20", "--nodes 3 --lease 0",
            "--nodes 3 --lease 121", "--nodes 3 --workers-per-node 0", "--nodes 3 --workers-per-node 17"})
    void anAbsurdOptionIsRefusedInOneLineWithExitCodeTwoBeforeAnythingStarts(String options) {
        StringWriter err = new StringWriter();

        int code = run(options, err);

        assertThat(code).as("stderr: %s", err).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString().strip()).as("one line naming the option").doesNotContain("\n")
                .contains(lastOption(options));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--nodes three", "--nodes 3 --quotas 100,fast"})
    void anOptionThatIsNotANumberIsRefusedWithExitCodeTwo(String options) {
        StringWriter err = new StringWriter();

        int code = run(options, err);

        assertThat(code).as("stderr: %s", err).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString().lines().findFirst().orElse("")).as("its first line names the option")
                .contains(lastOption(options));
    }

    private static int run(String options, StringWriter err) {
        StringWriter out = new StringWriter();
        int code = IdvBatchLauncher.execute(("harvest-bench " + options).split(" "),
                IdvBatchLauncher.contexts(Map.of()), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(out.toString()).as("no figures: nothing ran").doesNotContain("cluster of");
        return code;
    }

    private static String lastOption(String options) {
        String[] words = options.split(" ");
        return words[words.length - 2];
    }

    @Test
    void theDefaultsAndTheTwoAccountRunAreAccepted() {
        assertThat(new HarvestClusterOptions(3, List.of(100), 60, 30, 10, 4).quotas()).containsExactly(100);
        assertThat(new HarvestClusterOptions(3, List.of(100, 20), 60, 59, 30, 4).quotas()).containsExactly(100, 20);
        assertThat(new HarvestClusterOptions(2, List.of(1), 10, 1, 1, 1).nodes()).isEqualTo(2);
    }

    @Test
    void theKillMustFallWithinTheWork() {
        assertThatThrownBy(() -> new HarvestClusterOptions(3, List.of(100), 30, 30, 10, 4))
                .isInstanceOf(RejectedInputException.class).hasMessage("--kill-after must be 1..29 seconds (within"
                        + " --work-seconds), not 30");
    }
}
