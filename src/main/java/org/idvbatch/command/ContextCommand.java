package org.idvbatch.command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The shape of a command that works in the application context (and so on the database): its options are
 * checked first, so a bad one costs no connection; then one context starts, the command {@link #run runs} in it,
 * and the context closes whatever happened. The launcher's command factory gives it the context factory.
 */
public abstract class ContextCommand implements Callable<Integer> {

    private final ApplicationContextFactory contexts;

    /** The command as picocli parsed it: its name, its options, its output streams. */
    @Spec
    protected CommandSpec spec;

    protected ContextCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    /**
     * Refuses options that do not go together or are out of range, before any context starts; throws
     * {@link org.idvbatch.RejectedInputException} (exit 2). Nothing to check by default.
     */
    protected void checkOptions() {
    }

    /** Does the command's work in {@code ctx}, writing its output to {@code out}; returns the exit code. */
    protected abstract int run(ConfigurableApplicationContext ctx, PrintWriter out) throws Exception;

    @Override
    public final Integer call() throws Exception {
        checkOptions();
        try (ConfigurableApplicationContext ctx = contexts.start(java.util.Map.of())) {
            return run(ctx, spec.commandLine().getOut());
        }
    }
}
