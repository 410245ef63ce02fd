package org.idvbatch.bench.console;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.idvbatch.RejectedInputException;
import org.idvbatch.bench.BenchSettings;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ExitCode;
import org.idvbatch.time.BusinessDay;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "console-bench", hidden = true, mixinStandardHelpOptions = true,
        description = {"Benchmark: a daemon with the console on a throw-away embedded PostgreSQL holding N sessions",
                "over 90 days and M job executions; times every console page (p50, p95, max) for a signed-in user",
                "and prints each p95 beside the goal (300 ms) and beside the sign-in page's p95 (no database)."})
public class ConsoleBenchCommand implements Callable<Integer> {

    static final double GOAL_MS = 300;

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--sessions", defaultValue = "10000000", description = "Ledger sessions (default ${DEFAULT-VALUE}).")
    long sessions;

    @Option(names = "--executions", defaultValue = "100000",
            description = "Job executions in the job repository (default ${DEFAULT-VALUE}).")
    int executions;

    @Option(names = "--requests", defaultValue = "40", description = "Timed requests per page (default ${DEFAULT-VALUE}).")
    int requests;

    public ConsoleBenchCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws Exception {
        if (sessions < 1000 || executions < 100 || requests < 20) {
            throw new RejectedInputException("--sessions >= 1000, --executions >= 100 and --requests >= 20");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter log = spec.commandLine().getErr();
        Path scratch = Files.createTempDirectory("idv-console-bench");
        String password = "console-bench-password";
        Map<String, Object> settings = BenchSettings.isolated(scratch);
        settings.putAll(Map.of("idv.daemon.port", "0", "spring.quartz.auto-startup", "false",
                "idv.console.users[0].name", "bench",
                "idv.console.users[0].password-hash", "{bcrypt}" + new BCryptPasswordEncoder(4).encode(password),
                "idv.console.users[0].roles", "OPERATOR,FINANCE,COMPLIANCE"));
        try (ConfigurableApplicationContext ctx = contexts.startDaemon(settings, null)) {
            LocalDate lastDay = BusinessDay.yesterday(ctx.getBean(Clock.class)).date();
            ConsoleBenchmark bench = new ConsoleBenchmark(ctx.getBean(JdbcTemplate.class), log);
            log.printf("loading %,d sessions and %,d job executions ...%n", sessions, executions);
            long loadMs = bench.load(sessions, executions, lastDay);
            out.printf("loaded %,d sessions over %d days and %,d job executions in %.0f s%n", sessions,
                    ConsoleBenchmark.DAYS, executions, loadMs / 1000.0);
            String base = "http://127.0.0.1:" + ((WebServerApplicationContext) ctx).getWebServer().getPort();
            ConsoleBenchmark.Browser browser = new ConsoleBenchmark.Browser(base);
            browser.signIn("bench", password);
            ConsoleBenchmark.Timing floor = ConsoleBenchmark.time(browser, "/login", 10, requests);
            List<ConsoleBenchmark.Timing> timings = new ArrayList<>();
            for (String page : bench.pages(lastDay, sessions)) {
                timings.add(ConsoleBenchmark.time(browser, page, 5, requests));
            }
            out.printf("%-72s %6s %8s %8s %8s %9s %9s%n", "page", "status", "p50 ms", "p95 ms", "max ms",
                    "p95/goal", "p95/floor");
            out.printf("%-72s %6d %8.1f %8.1f %8.1f %9s %9s%n", floor.page() + " (floor: no database)",
                    floor.status(), floor.p50(), floor.p95(), floor.max(), "", "1.00");
            double worst = 0;
            boolean allOk = true;
            for (ConsoleBenchmark.Timing t : timings) {
                worst = Math.max(worst, t.p95());
                allOk &= t.status() == 200;
                out.printf("%-72s %6d %8.1f %8.1f %8.1f %9.2f %9.1f%n", t.page(), t.status(), t.p50(), t.p95(),
                        t.max(), t.p95() / GOAL_MS, t.p95() / Math.max(0.001, floor.p95()));
            }
            out.printf("worst p95 %.1f ms: %s the goal of %.0f ms%s%n", worst, worst <= GOAL_MS ? "within" : "OVER",
                    GOAL_MS, allOk ? "" : "; some page did not answer 200");
            return allOk ? ExitCode.OK : ExitCode.JOB_FAILED;
        } finally {
            FileSystemUtils.deleteRecursively(scratch);
        }
    }
}
