package org.idvbatch.cli;

import org.idvbatch.command.ExitCode;
import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import org.idvbatch.RejectedInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar idv-batch.jar <command>}: the entry point for cron, operators and the daemon. */
@Command(name = "idv-batch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Harvests, archives, reconciles and reports cloud face-verification sessions.",
        footer = {"", "Before or after any command:",
                "  --some.setting=VALUE     a setting (idv.*, spring.*, server.*, logging.*, management.*),",
                "                           e.g. report --date 2026-11-30 --idv.reports.language=en",
                "  --set KEY=VALUE          any setting, e.g. daemon --set idv.daemon.port=18099",
                "  -q, --quiet              only errors on stderr (and no progress bar)",
                "  -v, --verbose            the libraries' INFO and idv-batch's DEBUG lines on stderr",
                "Exit codes: 0 done, 1 a job or step failed (run it again once mended), 2 bad usage or input",
                "(nothing applied). Per command: operations.md, 'Command line'."},
        subcommands = {NightlyCommand.class, HarvestCommand.class, ImportSessionsCommand.class, StatusCommand.class,
                DaemonCommand.class, ReconcileCommand.class, ReportCommand.class, ImportStatementCommand.class,
                ImportInvoiceCommand.class, RequeueCommand.class, HoldCommand.class, EraseCommand.class,
                ConsoleUserCommand.class,
                ArchiveVerifyCommand.class, AuditVerifyCommand.class,
                ArchiveExportCommand.class, ArchivePurgeCommand.class, KeysRotateCommand.class,
                CommandLine.HelpCommand.class})
public class IdvBatchCli implements Runnable {

    /** A setting given on the command line: {@code --idv.…=value} (also spring., server., logging.). */
    private static final java.util.regex.Pattern SETTING = java.util.regex.Pattern.compile(
            "--((?:idv|spring|server|logging|management)\\.[A-Za-z0-9._\\[\\]-]+)=(.*)");

    /** The pair of {@code --set KEY=VALUE}: any property key, as Spring Boot names them. */
    private static final java.util.regex.Pattern SET_VALUE = java.util.regex.Pattern.compile(
            "([A-Za-z][A-Za-z0-9._\\[\\]-]*)=(.*)", java.util.regex.Pattern.DOTALL);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /**
     * What a launcher adds to the product's commands: the commands of what exercises the product (the provider
     * sandbox, the benchmarks), which the product's own command line does not know.
     */
    @FunctionalInterface
    public interface Extension {
        Extension NONE = (cli, factory) -> { };

        void addTo(CommandLine cli, CommandLine.IFactory factory);
    }

    /**
     * Runs one of the product's commands; the writers receive the command's output and its one-line errors (and,
     * when this process has a console, its progress bars).
     */
    public static int execute(String[] args, ApplicationContextFactory contexts, PrintWriter out, PrintWriter err) {
        return execute(args, contexts, out, err, false, Extension.NONE);
    }

    /** As above, with the commands {@code more} adds (the launcher's sandbox and benchmarks). */
    public static int execute(String[] args, ApplicationContextFactory contexts, PrintWriter out, PrintWriter err,
                              Extension more) {
        return execute(args, contexts, out, err, false, more);
    }

    /** As above; {@code asIfOnATerminal}: draw progress bars on {@code err} as if it were a terminal (tests). */
    static int execute(String[] args, ApplicationContextFactory contexts, PrintWriter out, PrintWriter err,
                       boolean asIfOnATerminal) {
        return execute(args, contexts, out, err, asIfOnATerminal, Extension.NONE);
    }

    static int execute(String[] args, ApplicationContextFactory contexts, PrintWriter out, PrintWriter err,
                       boolean asIfOnATerminal, Extension more) {
        // any setting may follow the command: --idv.reports.language=en (as Spring Boot applications take them),
        // or --set idv.reports.language=en for any key
        java.util.Map<String, Object> settings = new java.util.LinkedHashMap<>();
        java.util.List<String> rest = new java.util.ArrayList<>();
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            java.util.regex.Matcher m = SETTING.matcher(arg);
            if (arg.equals("--")) { // what follows is the command's own, untouched
                rest.addAll(java.util.Arrays.asList(args).subList(i, args.length));
                break;
            } else if (m.matches()) {
                settings.put(m.group(1), m.group(2));
            } else if (arg.equals("--set") || arg.startsWith("--set=")) {
                String pair = arg.equals("--set") ? (i + 1 < args.length ? args[++i] : "") : arg.substring(6);
                java.util.regex.Matcher kv = SET_VALUE.matcher(pair);
                if (!kv.matches()) {
                    err.println("idv-batch: --set needs KEY=VALUE (e.g. --set idv.reports.language=en), got '"
                            + pair + "'");
                    return ExitCode.BAD_INPUT;
                }
                settings.put(kv.group(1), kv.group(2));
            } else if (arg.equals("-q") || arg.equals("--quiet")) { // anywhere, as the settings: errors only
                settings.put("logging.level.root", "ERROR");
                settings.put("logging.level.org.idvbatch", "ERROR");
                quiet = true;
            } else if (arg.equals("-v") || arg.equals("--verbose")) { // the libraries' INFO, idv-batch's DEBUG
                settings.put("logging.level.root", "INFO");
                settings.put("logging.level.org.idvbatch", "DEBUG");
            } else {
                rest.add(arg);
            }
        }
        contexts = contexts.with(settings);
        args = rest.toArray(String[]::new);
        CommandLine cli = commandLine(contexts, asIfOnATerminal
                ? ProgressBars.forTerminal(err, quiet) : ProgressBars.forThisProcess(err, quiet), more);
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = rootRejection(ex);
            if (cause instanceof RejectedInputException rejected) {
                err.println("idv-batch " + commandLine.getCommandName() + ": " + asOption(rejected));
                return ExitCode.BAD_INPUT;
            }
            err.println("idv-batch " + commandLine.getCommandName() + ": failed: " + oneLine(ex));
            return ExitCode.JOB_FAILED;
        });
        return cli.execute(args);
    }

    /** Every command, as the entry point parses them. */
    static CommandLine commandLine(ApplicationContextFactory contexts, ProgressBars bars) {
        return commandLine(contexts, bars, Extension.NONE);
    }

    /** The product's commands and those {@code more} adds, each created by the same factory. */
    static CommandLine commandLine(ApplicationContextFactory contexts, ProgressBars bars, Extension more) {
        CommandFactory factory = new CommandFactory(contexts, bars);
        CommandLine cli = new CommandLine(new IdvBatchCli(), factory);
        more.addTo(cli, factory);
        return cli;
    }

    /** The product's commands with those {@code more} adds, as the launcher's help and the tests list them. */
    public static CommandLine commandLine(ApplicationContextFactory contexts, Extension more) {
        return commandLine(contexts, ProgressBars.forThisProcess(new PrintWriter(System.err, true), true), more);
    }

    /** A refusal as the command line says it: the field it is about as its option, {@code --month: ...}. */
    static String asOption(RejectedInputException rejected) {
        return rejected.field().map(f -> "--" + f + ": ").orElse("") + rejected.getMessage();
    }

    private static Throwable rootRejection(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof RejectedInputException) {
                return t;
            }
        }
        return ex;
    }

    private static String oneLine(Throwable ex) {
        return FailureLines.of(ex);
    }

    /**
     * Gives each command what its constructor asks for: the context factory, and the progress bars to those that
     * show them; a command without such a constructor is picocli's to create.
     */
    private record CommandFactory(ApplicationContextFactory contexts, ProgressBars bars)
            implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (var constructor : cls.getDeclaredConstructors()) {
                Class<?>[] wants = constructor.getParameterTypes();
                if (wants.length == 0 || wants[0] != ApplicationContextFactory.class) {
                    continue;
                }
                constructor.setAccessible(true);
                if (wants.length == 1) {
                    return cls.cast(constructor.newInstance(contexts));
                }
                if (wants.length == 2 && wants[1] == ProgressBars.class) {
                    return cls.cast(constructor.newInstance(contexts, bars));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
