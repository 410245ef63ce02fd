package org.idvbatch.bench.harvest;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.idvbatch.bench.chaos.SelfLauncher;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.CallLog;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SessionSpec;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * {@code harvest-bench --nodes N}: a cluster of N idv-batch nodes, each its own JVM, on one PostgreSQL, harvests the
 * sessions of one or more accounts from the sandbox over HTTP, the sandbox enforcing each account's quota and
 * answering with the provider's throttling code beyond it. Nodes 2..N run {@code daemon} (started first, their
 * pollers ready), node 1 runs a one-shot {@code harvest} as cron would, publishing the partitions and working its
 * share. Midway one daemon that holds partitions is killed with SIGKILL; the others continue its partitions once
 * its leases expire. Everything is measured as the provider saw it (the sandbox's call log), over the whole span
 * of each account's calls, the kill's gap included.
 */
final class ClusterHarvestBench {

    /** One account of the run: its name in the settings, its key at the sandbox, its quota. */
    record Account(String name, String key, int qps) {
    }

    /** The figures of one account. */
    record Figures(Account account, int calls, long sessions, double span, double share, long throttled,
                   long otherRefusals, long lost, double longestGapSeconds, long busiestSecond,
                   double shareBeforeKill, double shareAfterKill) {

        /** Sessions harvested per second of the span, as a share of the quota: the calls asked again left out. */
        double sessionShare() {
            return span == 0 ? 0 : (sessions - 1) / span / account.qps();
        }
    }

    private static final String SECRET = "bench-secret-not-a-real-key";
    private static final String READY = "works leased partitions with";

    private final ApplicationContextFactory contexts;
    private final PrintWriter out;
    private final HarvestClusterOptions options;
    /** Where to write the run's calls, or null. */
    private final Path callsCsv;
    private final List<Process> nodes = new java.util.concurrent.CopyOnWriteArrayList<>();

    ClusterHarvestBench(ApplicationContextFactory contexts, PrintWriter out, HarvestClusterOptions options,
                        Path callsCsv) {
        this.callsCsv = callsCsv;
        this.contexts = contexts;
        this.out = out;
        this.options = options;
    }

    /** Runs the cluster and prints its figures; returns false when a session was lost. */
    boolean run() throws Exception {
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < options.quotas().size(); i++) {
            int q = options.quotas().get(i);
            accounts.add(new Account("q" + q + "x" + i, "AKIDbench" + q + "x" + i, q));
        }
        Map<String, String> keys = new LinkedHashMap<>();
        accounts.forEach(a -> keys.put(a.key(), SECRET));
        Path work = Files.createTempDirectory("idv-harvest-cluster-bench");
        // interrupted (Ctrl-C, SIGTERM): the nodes are not children the JVM ends with it, so end them here
        Thread onExit = new Thread(() -> {
            nodes.forEach(Process::destroyForcibly);
            FileSystemUtils.deleteRecursively(work.toFile());
        }, "harvest-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(onExit);
        EmbeddedPostgres pg = null;
        ConfigurableApplicationContext ctx = null;
        try (ProviderSandbox sandbox = ProviderSandbox.start(SandboxOptions.defaults(keys).withEvidence(0, false))) {
            sandbox.quotas().applyDocumentedLimits();
            accounts.forEach(a -> sandbox.quotas().limit(a.key(), "*", a.qps())); // every action of the account
            pg = EmbeddedPostgres.builder().setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
            Map<String, String> settings = settings(work, pg, sandbox, accounts);
            ctx = contexts.start(new HashMap<>(settings)); // migrates the database and writes the shared keys
            JdbcClient jdbc = ctx.getBean(JdbcClient.class);
            for (Account a : accounts) {
                seed(sandbox, jdbc, a, options.workSeconds() * a.qps());
            }
            out.printf(Locale.ROOT, "cluster of %d nodes (node-1 `harvest`, the others `daemon`), %d partition"
                            + " worker(s) each, %d buckets per account, lease %d s; %s%n", options.nodes(),
                    options.workersPerNode(), buckets(), options.leaseSeconds(), describe(accounts));
            out.flush();

            for (int n = 2; n <= options.nodes(); n++) {
                nodes.add(start(work, settings, "node-" + n, "daemon"));
            }
            for (int n = 2; n <= options.nodes(); n++) {
                awaitReady(work, "node-" + n, nodes.get(n - 2));
            }
            long mark = sandbox.callLog().all().stream().mapToLong(CallLog.Entry::seq).max().orElse(-1) + 1;
            Process manager = start(work, settings, "node-1", "harvest");
            nodes.add(0, manager);

            Instant first = awaitFirstCall(sandbox, mark, manager, work);
            long killAtMillis = first.toEpochMilli() + options.killAfterSeconds() * 1000L;
            while (System.currentTimeMillis() < killAtMillis && manager.isAlive()) {
                Thread.sleep(50);
            }
            String victim = victim(jdbc);
            int held = held(jdbc, victim);
            Instant killedAt = Instant.now();
            Process killed = nodes.get(Integer.parseInt(victim.substring("node-".length())) - 1);
            killed.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, its leases are left to expire
            out.printf(Locale.ROOT, "%s killed with SIGKILL %.1f s after the first call, holding %d partition(s)%n",
                    victim, Duration.between(first, killedAt).toMillis() / 1000.0, held);
            out.flush();

            long timeout = options.workSeconds() * 4L + options.leaseSeconds() * 2L + 300;
            if (!manager.waitFor(timeout, TimeUnit.SECONDS)) {
                throw new IllegalStateException("node-1's harvest did not finish within " + timeout + " s"
                        + tail(work, "node-1"));
            }
            if (manager.exitValue() != 0) {
                throw new IllegalStateException("node-1's harvest exited " + manager.exitValue()
                        + tail(work, "node-1"));
            }
            List<Long> resumed = jdbc.sql("SELECT step_execution_id FROM partition_lease WHERE claims > 1")
                    .query(Long.class).list();
            out.printf(Locale.ROOT, "node-1's harvest completed; %d partition(s) taken over after the lease%n",
                    resumed.size());

            List<CallLog.Entry> calls = sandbox.callLog().since(mark);
            if (callsCsv != null) {
                List<String> lines = new java.util.ArrayList<>(List.of("account,arrived_ms,answered_ms,answer"));
                calls.forEach(c -> lines.add(c.account() + "," + c.at().toEpochMilli() + ","
                        + c.answered().toEpochMilli() + "," + c.outcome()));
                java.nio.file.Files.write(callsCsv, lines);
            }
            long throttled = 0;
            long lost = 0;
            double lowest = Double.MAX_VALUE;
            for (Account a : accounts) {
                Figures f = figures(a, calls, jdbc, killedAt);
                throttled += f.throttled();
                lost += f.lost();
                lowest = Math.min(lowest, f.share());
                out.printf(Locale.ROOT, "account %s (%d QPS): %,d calls over %.2f s = %.1f %% of its quota (the pace"
                                + " aims at 97.0 %%: %.1f %% before the kill, %.1f %% from it to the end); %,d"
                                + " sessions and %d calls more (throttled answers retried, and the killed node's"
                                + " uncommitted chunks asked again), so %.1f %% in sessions; busiest provider"
                                + " second %d calls; longest pause between two calls %.2f s; %d throttled, %d other"
                                + " refusals, %d lost%n",
                        a.name(), a.qps(), f.calls(), f.span(), 100 * f.share(), 100 * f.shareBeforeKill(),
                        100 * f.shareAfterKill(), f.sessions(),
                        f.calls() - f.sessions(), 100 * f.sessionShare(), f.busiestSecond(), f.longestGapSeconds(),
                        f.throttled(), f.otherRefusals(), f.lost());
            }
            // the sandbox shares the cores with the nodes: how long a request waited there before its answer (the
            // quota counts it in the second it arrived, as a provider's gateway does)
            long[] waited = calls.stream().mapToLong(c -> Duration.between(c.at(), c.answered()).toMillis()).sorted()
                    .toArray();
            if (waited.length > 0) {
                out.printf(Locale.ROOT, "sandbox: from arrival to answer p50 %d ms, p99 %d ms, longest %d ms%n",
                        waited[waited.length / 2], waited[(int) Math.min(waited.length - 1, waited.length * 0.99)],
                        waited[waited.length - 1]);
            }
            out.printf(Locale.ROOT, "cluster of %d nodes: %.1f %% of the account's quota, %d throttled, %d lost%n",
                    options.nodes(), 100 * lowest, throttled, lost);
            return lost == 0;
        } finally {
            stopAll();
            if (ctx != null) {
                ctx.close();
            }
            if (pg != null) {
                pg.close();
            }
            FileSystemUtils.deleteRecursively(work);
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs, or ran, instead
            }
        }
    }

    private int buckets() {
        return options.nodes() * options.workersPerNode();
    }

    private static String describe(List<Account> accounts) {
        return String.join(", ", accounts.stream().map(a -> "account " + a.name() + " at " + a.qps() + " QPS")
                .toList());
    }

    /** Every node's settings: the shared database, keys and archive, the accounts, the partitions, no schedule. */
    private Map<String, String> settings(Path work, EmbeddedPostgres pg, ProviderSandbox sandbox,
                                         List<Account> accounts) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("spring.datasource.url", pg.getJdbcUrl("postgres", "postgres"));
        s.put("spring.datasource.username", "postgres");
        s.put("spring.datasource.hikari.maximum-pool-size", "12");
        s.put("idv.data-dir", work.toString());
        s.put("idv.identity.hmac-key-file", work.resolve("keys/identity-hmac.key").toString());
        s.put("idv.archive.kek-file", work.resolve("keys/archive-kek.json").toString());
        s.put("idv.archive.root", work.resolve("archive").toString());
        s.put("idv.reports.dir", work.resolve("reports").toString());
        s.put("idv.reconcile.inbox", work.resolve("inbox").toString());
        s.put("idv.daemon.port", "0");
        s.put("idv.console.enabled", "false");
        // nothing scheduled fires during the run: only node-1's harvest works
        s.put("idv.schedule.harvest-every", "24h");
        s.put("idv.schedule.nightly-cron", "0 0 2 1 1 ? 2099");
        s.put("idv.schedule.catch-up-cron", "0 0 2 1 1 ? 2099");
        s.put("idv.harvest.partitions.buckets", Integer.toString(buckets()));
        s.put("idv.harvest.partitions.workers-per-node", Integer.toString(options.workersPerNode()));
        s.put("idv.harvest.partitions.lease", options.leaseSeconds() + "s");
        String provider = "idv.providers." + Provider.TENCENT_FACEID.code() + ".accounts.";
        for (Account a : accounts) {
            String p = provider + a.name() + ".";
            s.put(p + "endpoint", sandbox.endpoint());
            s.put(p + "protocol", "http");
            s.put(p + "access-key-id", a.key());
            s.put(p + "access-key-secret", SECRET);
            s.put(p + "qps", Integer.toString(a.qps()));
            s.put(p + "info-type", "1");
        }
        return s;
    }

    private static void seed(ProviderSandbox sandbox, JdbcClient jdbc, Account a, int n) {
        Instant created = sandbox.clock().now().minus(Duration.ofHours(3));
        String prefix = a.name() + "-";
        for (int i = 0; i < n; i++) {
            sandbox.sessions().register(new SessionSpec(Provider.TENCENT_FACEID, a.key(), "FaceID", "1",
                    "o-" + prefix + i, prefix + i, null, created, "张三", "33010319900307100X", null, Outcome.PASS,
                    created.plusSeconds(60), List.of()));
        }
        jdbc.sql("""
                INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                                                  created_at)
                SELECT :provider, :account, 'FaceID', '1', 'o-' || :prefix || g, :prefix || g, :created
                  FROM generate_series(0, :n - 1) AS g
                """).param("provider", Provider.TENCENT_FACEID.code()).param("account", a.name())
                .param("prefix", prefix).param("created", Timestamp.from(created)).param("n", n).update();
    }

    private Process start(Path work, Map<String, String> settings, String node, String command) throws IOException {
        List<String> cmd = new ArrayList<>(SelfLauncher.javaCommand());
        int at = 1;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            cmd.add(at++, "-D" + e.getKey() + "=" + e.getValue());
        }
        cmd.add(at++, "-Didv.harvest.partitions.node-id=" + node);
        cmd.add(at, "-Dspring.quartz.properties.org.quartz.scheduler.instanceId=" + node);
        cmd.add(command);
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve(node + ".log").toFile()).start();
    }

    private static void awaitReady(Path work, String node, Process p) throws Exception {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        Path log = work.resolve(node + ".log");
        while (System.nanoTime() < until) {
            if (!p.isAlive()) {
                throw new IllegalStateException(node + "'s daemon exited " + p.exitValue() + tail(work, node));
            }
            if (Files.exists(log) && Files.readString(log).contains(READY)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(node + "'s daemon was not ready within 4 minutes" + tail(work, node));
    }

    private static Instant awaitFirstCall(ProviderSandbox sandbox, long mark, Process manager, Path work)
            throws Exception {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < until) {
            List<CallLog.Entry> calls = sandbox.callLog().since(mark);
            if (!calls.isEmpty()) {
                return calls.get(0).at();
            }
            if (!manager.isAlive()) {
                throw new IllegalStateException("node-1's harvest exited " + manager.exitValue()
                        + " before any call" + tail(work, "node-1"));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no call within 4 minutes of node-1's start" + tail(work, "node-1"));
    }

    /** The daemon holding the most unexpired partition leases (node-2 when none does). */
    private static String victim(JdbcClient jdbc) {
        return jdbc.sql("""
                SELECT owner_node FROM partition_lease
                 WHERE finished_at IS NULL AND lease_until > clock_timestamp() AND owner_node <> 'node-1'
                 GROUP BY owner_node ORDER BY count(*) DESC, owner_node LIMIT 1""")
                .query(String.class).optional().orElse("node-2");
    }

    private static int held(JdbcClient jdbc, String node) {
        return jdbc.sql("SELECT count(*) FROM partition_lease WHERE finished_at IS NULL AND owner_node = ?"
                + " AND lease_until > clock_timestamp()").param(node).query(Integer.class).single();
    }

    /** An account's figures: its calls as the provider saw them, first to last; its sessions not harvested. */
    static Figures figures(Account a, List<CallLog.Entry> all, JdbcClient jdbc, Instant killedAt) {
        List<CallLog.Entry> calls = all.stream().filter(e -> e.account().equals(a.key())).toList();
        List<Instant> at = calls.stream().map(CallLog.Entry::at).sorted().toList();
        double span = at.size() < 2 ? 0 : Duration.between(at.get(0), at.get(at.size() - 1)).toNanos() / 1e9;
        double share = span == 0 ? 0 : (at.size() - 1) / span / a.qps();
        double gap = 0;
        for (int i = 1; i < at.size(); i++) {
            gap = Math.max(gap, Duration.between(at.get(i - 1), at.get(i)).toNanos() / 1e9);
        }
        long busiest = at.stream().collect(java.util.stream.Collectors.groupingBy(Instant::getEpochSecond,
                java.util.stream.Collectors.counting())).values().stream().mapToLong(Long::longValue).max().orElse(0);
        long throttled = calls.stream().filter(CallLog.Entry::throttled).count();
        long refused = calls.stream().filter(e -> !e.throttled() && e.httpStatus() != 200).count();
        long sessions = jdbc.sql("SELECT count(*) FROM verification_session WHERE account = ?").param(a.name())
                .query(Long.class).single();
        long lost = jdbc.sql("SELECT count(*) FROM verification_session WHERE account = ? AND state <> 'PASSED'")
                .param(a.name()).query(Long.class).single();
        List<Instant> before = at.stream().filter(t -> t.isBefore(killedAt)).toList();
        List<Instant> after = at.stream().filter(t -> !t.isBefore(killedAt)).toList();
        return new Figures(a, calls.size(), sessions, span, share, throttled, refused, lost, gap, busiest,
                shareOf(before, a.qps()), shareOf(after, a.qps()));
    }

    /** Calls per second from the first to the last of {@code at}, as a share of {@code qps}. */
    private static double shareOf(List<Instant> at, int qps) {
        double span = at.size() < 2 ? 0 : Duration.between(at.get(0), at.get(at.size() - 1)).toNanos() / 1e9;
        return span == 0 ? 0 : (at.size() - 1) / span / qps;
    }

    private static String tail(Path work, String node) {
        try {
            List<String> lines = Files.readAllLines(work.resolve(node + ".log"));
            return "; the end of its log:\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15),
                    lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** SIGTERM to every node still running, SIGKILL to those not gone within 20 s. */
    private void stopAll() {
        for (Process p : nodes) {
            p.destroy();
        }
        for (Process p : nodes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
