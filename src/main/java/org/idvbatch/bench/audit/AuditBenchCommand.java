package org.idvbatch.bench.audit;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.idvbatch.RejectedInputException;
import org.idvbatch.bench.BenchSettings;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ExitCode;
import org.idvbatch.harvest.SessionRequeue;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the hash chain of the audit tables (V100) costs their largest writer, on a throw-away embedded database: a
 * requeue of N sessions in ERROR ({@link SessionRequeue}: the sessions moved and N {@code operator_action} rows in
 * one statement), timed into the chained table and, as the same-run baseline, into a twin of the table as it was
 * before the chain (same columns, constraints, defaults and indexes, no chain columns or triggers), alternately.
 */
@Command(name = "audit-bench", hidden = true, mixinStandardHelpOptions = true,
        description = {"Benchmarks the audit chain: a requeue of N sessions into the chained operator_action and into",
                "a twin without the chain, alternately on a temporary database; prints the ratio of the medians."})
public class AuditBenchCommand implements Callable<Integer> {

    /** The goal (#30): the requeue within 1.2 times its time without the chain. */
    static final double GOAL = 1.2;

    private static final String ACCOUNT = "audit-bench";

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--sessions", description = "Sessions requeued per round (default ${DEFAULT-VALUE}).")
    int sessions = 100_000;

    @Option(names = "--rounds", description = "Rounds of each, alternating; the medians count (default"
            + " ${DEFAULT-VALUE}).")
    int rounds = 3;

    public AuditBenchCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws Exception {
        if (sessions < 1 || rounds < 1) {
            throw new RejectedInputException("--sessions and --rounds: at least 1, not " + sessions + " and "
                    + rounds);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path tmp = Files.createTempDirectory("idv-audit-bench");
        // a command's properties outrank config/application.yml: the bench never touches real data
        try (ConfigurableApplicationContext ctx = contexts.start(BenchSettings.isolated(tmp))) {
            JdbcClient jdbc = ctx.getBean(JdbcClient.class);
            SessionRequeue requeue = ctx.getBean(SessionRequeue.class);
            jdbc.sql("""
                    INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id,
                                                      provider_ref, created_at)
                    SELECT 'tencent-faceid', :account, 'FaceID', 'scene-1', 'audit-bench-' || g, 'audit-bench-' || g,
                           now()
                      FROM generate_series(1, :n) g
                    """).param("account", ACCOUNT).param("n", sessions).update();
            jdbc.sql("""
                    CREATE TABLE operator_action_unchained (LIKE operator_action INCLUDING DEFAULTS
                                                            INCLUDING CONSTRAINTS INCLUDING INDEXES)
                    """).update();
            jdbc.sql("ALTER TABLE operator_action_unchained DROP COLUMN chain_seq, DROP COLUMN prev_hash,"
                    + " DROP COLUMN row_hash").update();
            List<Long> chained = new ArrayList<>();
            List<Long> unchained = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                for (boolean withChain : new boolean[] {true, false}) {
                    long ms = requeueAll(jdbc, requeue, withChain);
                    (withChain ? chained : unchained).add(ms);
                    out.printf("round %d, %s: requeue of %,d sessions in %,d ms%n", round,
                            withChain ? "chained" : "without the chain", sessions, ms);
                    out.flush();
                }
            }
            long withChain = median(chained);
            long without = median(unchained);
            double ratio = (double) withChain / without;
            out.printf("audit chain: requeue of %,d sessions %,d ms chained, %,d ms without (medians of %d): %.2fx"
                    + " (goal <= %.2fx: %s)%n", sessions, withChain, without, rounds, ratio, GOAL,
                    ratio <= GOAL ? "met" : "not met");
        }
        return ExitCode.OK;
    }

    /** Puts the sessions in ERROR, then times their requeue, its audit into the chained table or its twin. */
    private long requeueAll(JdbcClient jdbc, SessionRequeue requeue, boolean withChain) {
        jdbc.sql("UPDATE verification_session SET state = 'ERROR' WHERE account = :account")
                .param("account", ACCOUNT).update();
        jdbc.sql("VACUUM ANALYZE verification_session").update();
        jdbc.sql("CHECKPOINT").update();
        if (!withChain) {
            jdbc.sql("ALTER TABLE operator_action RENAME TO operator_action_chained").update();
            jdbc.sql("ALTER TABLE operator_action_unchained RENAME TO operator_action").update();
        }
        try {
            long start = System.nanoTime();
            List<Long> moved = requeue.requeue(new SessionRequeue.Selection(null, null, ACCOUNT, null), "bench",
                    "the audit chain's cost");
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (moved.size() != sessions) {
                throw new IllegalStateException("requeued " + moved.size() + " sessions, not " + sessions);
            }
            return ms;
        } finally {
            if (!withChain) {
                jdbc.sql("ALTER TABLE operator_action RENAME TO operator_action_unchained").update();
                jdbc.sql("ALTER TABLE operator_action_chained RENAME TO operator_action").update();
            }
        }
    }

    private static long median(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
