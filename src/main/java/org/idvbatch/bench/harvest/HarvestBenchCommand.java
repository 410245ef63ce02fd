package org.idvbatch.bench.harvest;

import org.idvbatch.batch.BatchNames;
import org.idvbatch.bench.BenchSettings;
import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.idvbatch.harvest.HarvestRunner;
import org.idvbatch.harvest.HarvestTally;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ResultClient;
import org.idvbatch.provider.ResultClients;
import org.idvbatch.provider.SessionRef;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.bench.sandbox.SandboxBench;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Measures the harvest against the in-process sandbox on a throw-away database and archive, in one run:
 * the sandbox's own bare rate, the harvest without evidence and with one ~40 KB image archived durably, the
 * share of a 100 QPS quota held with 50 ms provider latency, and a one-at-a-time loop like the seed's sample.
 */
@Command(name = "harvest-bench", hidden = true, mixinStandardHelpOptions = true,
        description = "Benchmarks the harvest against the in-process sandbox (temporary database and archive).")
public class HarvestBenchCommand implements Callable<Integer> {

    private static final String ACCOUNT = "bench";
    private static final String SECRET = "bench-secret-not-a-real-key";

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--sessions", description = "Sessions per throughput run (default ${DEFAULT-VALUE}).")
    int sessions = 10_000;

    @Option(names = "--warmup-sessions", description = "Sessions harvested untimed before each throughput run, so"
            + " the JIT has compiled that run's path (its crypto, its parsing) before the clock starts; with both"
            + " cores busy the C2 compiler finishes GHASH's callers only after ~15,000 image sessions"
            + " (default ${DEFAULT-VALUE}; 0 = none).")
    int warmupSessions = 20_000;

    @Option(names = "--quota-sessions", description = "Sessions of the 100 QPS run (default ${DEFAULT-VALUE}).")
    int quotaSessions = 1_500;

    @Option(names = "--baseline-sessions", description = "Sessions of the one-at-a-time loop (default ${DEFAULT-VALUE}).")
    int baselineSessions = 1_000;

    @Option(names = "--nodes", description = "Instead: a cluster of this many idv-batch processes (2..5) on one"
            + " PostgreSQL harvests against the sandbox over HTTP, and one of them is killed midway.")
    Integer nodes;

    @Option(names = "--quotas", split = ",", description = "With --nodes: one account per QPS quota, harvested"
            + " in the same run (default 100; e.g. 100,20).")
    List<Integer> quotas = List.of(100);

    @Option(names = "--work-seconds", description = "With --nodes: sessions per account = this many seconds of its"
            + " quota (default ${DEFAULT-VALUE}).")
    int workSeconds = 60;

    @Option(names = "--kill-after", description = "With --nodes: seconds after the first call when a daemon is"
            + " killed with SIGKILL (default: half of --work-seconds).")
    Integer killAfter;

    @Option(names = "--lease", description = "With --nodes: the partitions' lease in seconds (default"
            + " ${DEFAULT-VALUE}).")
    int leaseSeconds = 10;

    @Option(names = "--workers-per-node", description = "With --nodes: partitions a node works at once (default"
            + " ${DEFAULT-VALUE}, the product's).")
    int workersPerNode = 4;

    @Option(names = "--calls-csv", description = "With --nodes: also write every call the sandbox answered to this"
            + " file (account, arrival and answer in epoch milliseconds, the provider's answer code), to read a run"
            + " second by second.")
    Path callsCsv;

    public HarvestBenchCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (nodes != null) {
            HarvestClusterOptions cluster = new HarvestClusterOptions(nodes, quotas, workSeconds,
                    killAfter == null ? workSeconds / 2 : killAfter, leaseSeconds, workersPerNode);
            return new ClusterHarvestBench(contexts, out, cluster, callsCsv).run() ? ExitCode.OK : ExitCode.JOB_FAILED;
        }
        out.println("sandbox bare rate (its own bench, 5 s per action, 32 in flight):");
        List<SandboxBench.Result> bare = SandboxBench.run(5, 32, out);
        double bareText = rate(bare, "tencent GetDetectInfoEnhanced text");
        Path tmp = Files.createTempDirectory("idv-harvest-bench");
        try (ProviderSandbox sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(ACCOUNT, SECRET))
                .withEvidence(0, false))) {
            double noEvidence = harvest(out, sandbox, tmp, "no evidence (InfoType 1)", "1", sessions, 100_000, 0);
            double withImage = harvest(out, sandbox, tmp, "one best frame archived (InfoType 13)", "13", sessions,
                    100_000, 0);
            double quota = harvest(out, sandbox, tmp, "100 QPS quota, 50 ms latency", "1", quotaSessions, 100, 50);
            double loop = baseline(out, sandbox, tmp);
            out.printf("%nsummary: sandbox bare %.0f req/s; harvest %.0f sessions/s without evidence (%.0f%% of bare),"
                            + " %.0f sessions/s with one image; quota share %.1f%% of 100 QPS; one-at-a-time loop"
                            + " %.0f sessions/s%n", bareText, noEvidence, 100 * noEvidence / bareText, withImage,
                    quota, loop);
        }
        return ExitCode.OK;
    }

    private double harvest(PrintWriter out, ProviderSandbox sandbox, Path tmp, String title, String infoType, int n,
                           int qps, int latencyMs) throws Exception {
        sandbox.faults(Provider.TENCENT_FACEID, latencyMs == 0 ? FaultSettings.none()
                : new FaultSettings(0, latencyMs, latencyMs, 0, 0, 0, 0, 0));
        sandbox.quotas().limit(ACCOUNT, "GetDetectInfoEnhanced", qps);
        try (ConfigurableApplicationContext ctx = contexts.start(isolated(sandbox, tmp, infoType, qps))) {
            if (latencyMs == 0 && warmupSessions > 0) {
                seed(sandbox, ctx.getBean(JdbcClient.class), warmupSessions, "warmup " + title);
                ctx.getBean(HarvestRunner.class).run();
            }
            seed(sandbox, ctx.getBean(JdbcClient.class), n, title);
            List<org.idvbatch.sandbox.CallLog.Entry> before = sandbox.callLog().all();
            long mark = before.isEmpty() ? 0 : before.get(before.size() - 1).seq() + 1;
            long t0 = System.nanoTime();
            JobExecution run = ctx.getBean(HarvestRunner.class).run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> tally = HarvestTally.of(run.getStepExecutions().stream()
                    .filter(s -> s.getStepName().equals(BatchNames.HARVEST_QUERY_STEP)).findFirst().orElseThrow().getExecutionContext());
            double perSecond = tally.getOrDefault("state.PASSED", 0L) / seconds;
            out.printf("harvest, %s: %,d sessions in %.1f s = %,.0f sessions/s (passed %d, throttled %d, retried %d,"
                            + " evidence %d)%n", title, n, seconds, perSecond, tally.getOrDefault("state.PASSED", 0L),
                    tally.getOrDefault("throttled", 0L), tally.getOrDefault("retried", 0L),
                    tally.getOrDefault("evidence", 0L));
            if (latencyMs == 0) {
                return perSecond;
            }
            // the share of the quota held while calls flowed: first to last call as the provider saw them
            List<org.idvbatch.sandbox.CallLog.Entry> calls = sandbox.callLog().since(mark);
            List<java.time.Instant> at = calls.stream().map(org.idvbatch.sandbox.CallLog.Entry::at).sorted().toList();
            double span = Duration.between(at.get(0), at.get(at.size() - 1)).toNanos() / 1e9;
            long refused = calls.stream().filter(c -> c.httpStatus() != 200 || !"0".equals(c.outcome())
                    && c.outcome().contains("Limit")).count();
            double sustained = (calls.size() - 1) / span;
            out.printf("  provider side: %d calls over %.2f s = %.1f calls/s sustained (%.1f%% of %d QPS), %d refused%n",
                    calls.size(), span, sustained, 100 * sustained / qps, qps, refused);
            return 100 * sustained / qps;
        }
    }

    /** The seed's sample as a loop: one query, then one committed UPDATE, per session. */
    private double baseline(PrintWriter out, ProviderSandbox sandbox, Path tmp) throws Exception {
        sandbox.faults(Provider.TENCENT_FACEID, FaultSettings.none());
        sandbox.quotas().limit(ACCOUNT, "GetDetectInfoEnhanced", 100_000);
        try (ConfigurableApplicationContext ctx = contexts.start(isolated(sandbox, tmp, "1", 100_000))) {
            JdbcClient jdbc = ctx.getBean(JdbcClient.class);
            seed(sandbox, jdbc, baselineSessions, "baseline");
            ResultClient client = ctx.getBean(ResultClients.class).forAccount(Provider.TENCENT_FACEID, ACCOUNT);
            List<SessionRef> due = jdbc.sql("SELECT id, provider_ref, created_at FROM verification_session"
                    + " WHERE state = 'PENDING'").query((rs, i) -> new SessionRef(rs.getLong(1),
                    Provider.TENCENT_FACEID, ACCOUNT, "FaceID", "1", "b", rs.getString(2), null,
                    rs.getTimestamp(3).toInstant(), Instant.MAX, 0)).list();
            long t0 = System.nanoTime();
            for (SessionRef s : due) {
                var o = client.query(s);
                jdbc.sql("UPDATE verification_session SET state = :state, result_code = :code WHERE id = :id")
                        .param("state", o.verdict().name()).param("code", o.resultCode()).param("id", s.id()).update();
            }
            double perSecond = due.size() / ((System.nanoTime() - t0) / 1e9);
            out.printf("one-at-a-time loop (seed sample style): %,d sessions = %,.0f sessions/s%n", due.size(), perSecond);
            return perSecond;
        }
    }

    private void seed(ProviderSandbox sandbox, JdbcClient jdbc, int n, String title) {
        Instant created = sandbox.clock().now().minus(Duration.ofHours(3));
        String prefix = title.replaceAll("[^a-z0-9]", "") + System.nanoTime() + "-";
        for (int i = 0; i < n; i++) {
            sandbox.sessions().register(new SessionSpec(Provider.TENCENT_FACEID, ACCOUNT, "FaceID", "1", "o" + i,
                    prefix + i, null, created, "张三", "33010319900307100X", null, Outcome.PASS,
                    created.plusSeconds(60), List.of()));
        }
        jdbc.sql("""
                INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                                                  created_at)
                SELECT 'tencent-faceid', :account, 'FaceID', '1', 'o' || g, :prefix || g, :created
                  FROM generate_series(0, :n - 1) AS g
                """).param("account", ACCOUNT).param("prefix", prefix).param("created", Timestamp.from(created))
                .param("n", n).update();
    }

    private static Map<String, Object> isolated(ProviderSandbox sandbox, Path tmp, String infoType, int qps) {
        Map<String, Object> p = BenchSettings.isolated(tmp);
        p.putAll(Map.of("idv.harvest.chunk-size", "500", "idv.harvest.threads", "32"));
        String prefix = "idv.providers.tencent-faceid.accounts." + ACCOUNT + ".";
        p.putAll(Map.of(prefix + "endpoint", sandbox.endpoint(), prefix + "protocol", "http",
                prefix + "access-key-id", ACCOUNT, prefix + "access-key-secret", SECRET, prefix + "qps", qps,
                prefix + "info-type", infoType));
        return p;
    }

    private static double rate(List<SandboxBench.Result> results, String action) {
        return results.stream().filter(r -> r.action().equals(action)).mapToDouble(SandboxBench.Result::perSecond)
                .findFirst().orElse(Double.NaN);
    }
}
