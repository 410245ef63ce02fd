package org.idvbatch.bench.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.idvbatch.SlowTest;
import org.idvbatch.command.ExitCode;
import org.idvbatch.launcher.IdvBatchLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code harvest-bench --nodes 2} at its smallest (a 20-QPS account, 10 s of its work, a node killed after 4 s,
 * a 2 s lease): two JVMs on one PostgreSQL harvest every session although one is killed, and the last line has
 * the documented shape. The share of the quota is the full-size run's figure (performance.md), not asserted here.
 */
@SlowTest
class HarvestBenchClusterSmokeTests {

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aClusterWithANodeKilledMidwayHarvestsEverySessionAndEndsWithItsFiguresLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = IdvBatchLauncher.execute(new String[] {"harvest-bench", "--nodes", "2", "--quotas", "20",
                "--work-seconds", "10", "--kill-after", "4", "--lease", "2"}, IdvBatchLauncher.contexts(Map.of()),
                new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).as("stdout: %s%nstderr: %s", out, err).isEqualTo(ExitCode.OK);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).as(out.toString()).anyMatch(l -> l.matches("node-2 killed with SIGKILL .* holding [1-9]\\d*"
                + " partition\\(s\\)"));
        assertThat(lines.get(lines.size() - 1)).matches(
                "cluster of 2 nodes: \\d{1,3}\\.\\d % of the account's quota, \\d+ throttled, 0 lost");
    }
}
