package org.idvbatch.bench.chaos;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.idvbatch.archive.ArchiveVerifier;
import org.idvbatch.archive.VerificationReport;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ExitCode;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chaos-bench}: the worst night, N times. Each trial runs {@code nightly --demo} in a child JVM on a data
 * directory of its own, kills it with SIGKILL after a random delay (a harvest chunk, the archive, the report...),
 * then runs the next nightly as cron would ({@code --recover} only if the killed run is recorded as running) and
 * checks what a finance or compliance reader relies on: the night completed, every session is harvested once (the
 * same ledger as an unkilled reference night), every evidence object exists and decrypts, no object is extra.
 */
@Command(name = "chaos-bench", hidden = true, mixinStandardHelpOptions = true,
        description = "Kills nightly --demo at random points, runs the next nightly each time, checks the data.")
public class ChaosBenchCommand implements Callable<Integer> {

    /** What a night leaves that must not depend on whether it was killed. */
    static final String LEDGER_FINGERPRINT = """
            SELECT (SELECT count(*) FROM verification_session) || ' sessions, '
                || (SELECT count(*) FILTER (WHERE state IN ('PASSED', 'FAILED')) FROM verification_session)
                || ' harvested, ' || (SELECT count(*) FROM evidence_archive) || ' evidence objects, '
                || (SELECT count(*) FROM billable_call) || ' billable calls, '
                || (SELECT count(*) FROM verification_session s WHERE s.evidence_status = 'ARCHIVED'
                     AND NOT EXISTS (SELECT 1 FROM evidence_archive e WHERE e.session_id = s.id))
                || ' archived sessions without an object'
            """;

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--trials", description = "Killed nights (default ${DEFAULT-VALUE}).")
    int trials = 8;

    @Option(names = "--max-kill-seconds", description = "Longest delay before the kill (default ${DEFAULT-VALUE}).")
    int maxKillSeconds = 20;

    @Option(names = "--seed", description = "Seed of the kill delays (default ${DEFAULT-VALUE}).")
    long seed = 20261201L;

    public ChaosBenchCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("idv-chaos-bench");
        Random random = new Random(seed);
        try {
            Path reference = work.resolve("reference");
            require(night(reference, List.of()) == 0, "the unkilled reference night failed; see " + reference);
            String expected = check(reference).fingerprint();
            out.println("reference night: " + expected);
            int failures = 0;
            for (int t = 1; t <= trials; t++) {
                Path dir = work.resolve("trial-" + t);
                double killAfter = 1 + random.nextDouble() * (maxKillSeconds - 1);
                Outcome o = trial(dir, killAfter);
                Check after = o.completed ? check(dir) : null;
                String got = after == null ? "(no completed night)" : after.fingerprint();
                VerificationReport check = after == null ? null : after.archive();
                boolean ok = o.completed && got.equals(expected) && check.clean();
                failures += ok ? 0 : 1;
                out.printf(Locale.ROOT, "trial %d: killed after %.1f s%s; next night %s%s; %s; archive %s -> %s%n", t,
                        killAfter, o.finishedBeforeKill ? " (had already finished)" : "",
                        o.completed ? "completed" : "FAILED", o.recovered ? " (with --recover)" : "", got,
                        check == null ? "-" : check.checked() + " checked, " + check.missing().size() + " missing, "
                                + check.corrupt().size() + " corrupt, " + check.extra().size() + " extra",
                        ok ? "ok" : "FAILURE");
                out.flush();
            }
            out.printf(Locale.ROOT, "chaos: %d trials, %d failures%n", trials, failures);
            return failures == 0 ? ExitCode.OK : ExitCode.JOB_FAILED;
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    private record Outcome(boolean finishedBeforeKill, boolean recovered, boolean completed) {
    }

    private Outcome trial(Path dir, double killAfterSeconds) throws IOException, InterruptedException {
        Process night = start(dir, List.of(), "killed");
        boolean finished = night.waitFor((long) (killAfterSeconds * 1000), TimeUnit.MILLISECONDS);
        if (!finished) {
            night.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no clean stop of the database
        }
        int next = night(dir, List.of());
        boolean recovered = false;
        if (next != 0 && Files.readString(dir.resolve("next.log")).contains("recorded as running")) {
            next = night(dir, List.of("--recover"));
            recovered = true;
        }
        return new Outcome(finished, recovered, next == 0);
    }

    private int night(Path dir, List<String> extra) throws IOException, InterruptedException {
        Process p = start(dir, extra, "next");
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return -1;
        }
        return p.exitValue();
    }

    private Process start(Path dir, List<String> extra, String log) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(SelfLauncher.javaCommand());
        cmd.add(1, "-Didv.data-dir=" + dir);
        cmd.add(2, "-Didv.reports.dir=" + dir.resolve("reports"));
        cmd.addAll(List.of("nightly", "--demo"));
        cmd.addAll(extra);
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log + ".log").toFile())).start();
    }

    private record Check(String fingerprint, VerificationReport archive) {
    }

    /** The night's data, read in one context on its data directory: the ledger fingerprint and the archive check. */
    private Check check(Path dir) {
        try (ConfigurableApplicationContext ctx = contexts.start(settings(dir))) {
            return new Check(ctx.getBean(JdbcClient.class).sql(LEDGER_FINGERPRINT).query(String.class).single(),
                    ctx.getBean(ArchiveVerifier.class).verify(null));
        }
    }

    private static Map<String, Object> settings(Path dir) {
        return Map.of("idv.data-dir", dir.toString(), "spring.datasource.url", "",
                "idv.reports.dir", dir.resolve("reports").toString());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
