package org.idvbatch.cli;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ApplicationContextFactory;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Runs the Quartz schedules from config/application.yml (clustered through PostgreSQL)",
                "until SIGTERM/SIGINT; the running job finishes its current step's chunk before exit.",
                "Console: http://127.0.0.1:${idv.daemon.port:-8081}/ (users: idv.console.users; idv.daemon.address to",
                "listen beyond loopback). Health: /actuator/health (status for anyone, details for a configured user);",
                "Prometheus metrics: /actuator/prometheus (a user with role METRICS, HTTP Basic)."})
class DaemonCommand implements Callable<Integer> {

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    DaemonCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @picocli.CommandLine.Option(names = "--demo", description = {"Run against the provider sandbox in-process with the",
            "demo scenario (as nightly --demo), so the daemon works and reports healthy without provider accounts."})
    boolean demo;

    @Override
    public Integer call() throws Exception {
        if (!demo) {
            return run(contexts.startDaemon(), null);
        }
        org.idvbatch.demo.DemoEnvironment world = org.idvbatch.demo.DemoEnvironment.start();
        try {
            ConfigurableApplicationContext ctx = contexts.startDaemon(world.daemonProperties(), world.clock());
            java.time.LocalDate yesterday = org.idvbatch.time.BusinessDay.yesterday(world.clock()).date();
            int seeded = world.seed(ctx, yesterday,
                    ctx.getBean(org.idvbatch.reconcile.ReconcileProperties.class).inbox());
            spec.commandLine().getOut().println("demo: provider sandbox on " + world.endpoint() + "; " + seeded
                    + " new sessions in the ledger up to " + yesterday + "; the schedules will harvest and report them");
            int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) ctx).getWebServer()
                    .getPort();
            spec.commandLine().getOut().println("demo: console on http://127.0.0.1:" + port + "/ : users "
                    + String.join(", ", org.idvbatch.demo.DemoEnvironment.CONSOLE_USERS) + " (one per role), password "
                    + world.consolePassword() + " (made for this start)");
            spec.commandLine().getOut().println("demo: metrics on http://127.0.0.1:" + port
                    + "/actuator/prometheus : HTTP Basic user " + org.idvbatch.demo.DemoEnvironment.SCRAPER
                    + " (role METRICS, no console page), password " + world.scraperPassword());
            return run(ctx, world);
        } catch (RuntimeException | java.io.IOException e) {
            world.close();
            throw e;
        }
    }

    private int run(ConfigurableApplicationContext ctx, org.idvbatch.demo.DemoEnvironment world)
            throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        ctx.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        ctx.registerShutdownHook();
        spec.commandLine().getOut().println("daemon started; schedules are active (stop with SIGTERM)");
        closed.await();
        if (world != null) {
            world.close();
        }
        return ExitCode.OK;
    }
}
