package org.idvbatch.cli;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
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
                "Health and Prometheus metrics: http://<host>:${idv.daemon.port:-8081}/actuator/{health,prometheus}"})
class DaemonCommand implements Callable<Integer>, ContextCommand {

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    DaemonCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        ConfigurableApplicationContext ctx = contexts.startDaemon();
        ctx.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        ctx.registerShutdownHook();
        spec.commandLine().getOut().println("daemon started; schedules are active (stop with SIGTERM)");
        closed.await();
        return ExitCode.OK;
    }
}
