package org.idvbatch.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.idvbatch.database.DatabaseGoneException;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.core.convert.ConversionFailedException;

/**
 * The one line on stderr that says why a command failed, in the user's words: the setting and its value, the
 * database that is gone, the file that could not be written; not the chain of Spring beans it went through.
 */
final class FailureLines {

    /** Messages of idv-batch's own configuration checks start so; such a message is the whole line. */
    static final String CONFIG = "config: ";

    /** A check's message that starts with the setting it refuses: {@code idv.reports.language must be ...}. */
    private static final java.util.regex.Pattern NAMES_A_SETTING = java.util.regex.Pattern.compile(
            "idv\\.[a-z0-9-]+(\\.[A-Za-z0-9\\[\\]_-]+)*[ :=]");

    private FailureLines() {
    }

    /** Why {@code ex} stopped the command, as one line. */
    static String of(Throwable ex) {
        List<Throwable> chain = chain(ex);
        Optional<String> plain = chain.stream().flatMap(t -> Stream.concat(Stream.of(t),
                        Stream.of(t.getSuppressed()))).filter(FailureLines::speaksForItself).findFirst()
                .map(Throwable::getMessage)
                .map(m -> NAMES_A_SETTING.matcher(m).lookingAt() ? CONFIG + m : m);
        if (plain.isPresent()) {
            return flat(plain.get());
        }
        for (Throwable t : chain) {
            if (t instanceof BindException bind && bind.getProperty() != null) {
                return flat(setting(bind));
            }
        }
        Optional<Throwable> yaml = chain.stream()
                .filter(t -> t.getClass().getName().startsWith("org.yaml.snakeyaml")).findFirst();
        if (yaml.isPresent()) {
            // a configuration file that is not YAML: where it breaks comes first, not after 1.5 KB of context
            return flat("a configuration file (config/application.yml or one it imports) is not valid YAML: "
                    + yaml.get().getMessage());
        }
        // the deepest cause, or the file that could not be written when one is named (a full disk names no path)
        Throwable root = chain.stream().filter(t -> t instanceof java.nio.file.FileSystemException f
                && f.getFile() != null).reduce((a, b) -> b).orElse(chain.get(chain.size() - 1));
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        if (root != ex && root.getMessage() != null && !msg.contains(root.getMessage())) {
            msg += " (cause: " + root.getMessage() + ")";
        }
        return flat(msg);
    }

    /**
     * Why a job failed: the first failure recorded by its deepest steps (a partition before the step that ran the
     * partitions, which only says one of them failed), with the step's name.
     */
    static Optional<String> of(JobExecution job) {
        List<StepExecution> steps = new ArrayList<>(job.getStepExecutions());
        // worker partitions (step:partition) first, then steps that ran other steps, by when they started
        steps.sort(Comparator.comparing((StepExecution s) -> !s.getStepName().contains(":"))
                .thenComparing(s -> s.getStartTime(), Comparator.nullsLast(Comparator.naturalOrder())));
        for (StepExecution step : steps) {
            for (Throwable failure : step.getFailureExceptions()) {
                if (!summarisesOthers(failure)) {
                    String name = step.getStepName();
                    return Optional.of("step " + name.substring(0, name.contains(":") ? name.indexOf(':')
                            : name.length()).replace("-worker", "") + ": " + of(failure));
                }
            }
        }
        return job.getAllFailureExceptions().stream().findFirst().map(FailureLines::of);
    }

    /** "One of the steps I ran failed": true, but the failure itself is recorded by that step. */
    private static boolean summarisesOthers(Throwable failure) {
        String m = String.valueOf(failure.getMessage());
        return failure instanceof org.springframework.batch.core.job.JobExecutionException
                && (m.startsWith("Partition handler returned an unsuccessful step")
                || m.startsWith("Flow execution ended unexpectedly"));
    }

    /** An exception whose message is already the whole line. */
    private static boolean speaksForItself(Throwable t) {
        return t instanceof DatabaseGoneException || t instanceof JobFailedException
                || t instanceof org.idvbatch.database.EmbeddedDatabaseInUseException
                || (t.getMessage() != null && (t.getMessage().startsWith(CONFIG)
                        || ((t instanceof IllegalStateException || t instanceof IllegalArgumentException)
                                && NAMES_A_SETTING.matcher(t.getMessage()).lookingAt())));
    }

    /** A value that does not bind to its setting: the setting, the value and what it must be. */
    private static String setting(BindException bind) {
        String name = bind.getProperty().getName().toString();
        Object value = bind.getProperty().getValue();
        ConversionFailedException conversion = null;
        for (Throwable t : chain(bind)) {
            if (t instanceof ConversionFailedException c) {
                conversion = c;
            }
        }
        // a setting given through another (server.address: ${idv.daemon.address:127.0.0.1}): name the one the
        // user wrote, with the value it had
        java.util.regex.Matcher refers = REFERS_TO.matcher(String.valueOf(value));
        if (refers.matches() && conversion != null) {
            name = refers.group(1);
            value = conversion.getValue();
        }
        String wanted = conversion == null || conversion.getTargetType() == null ? null
                : expected(conversion.getTargetType().getType());
        return CONFIG + name + " is '" + value + "'; " + (wanted != null ? "it must be " + wanted
                : "it cannot be read (" + chain(bind).get(chain(bind).size() - 1).getMessage() + ")");
    }

    /** A setting's value that is only a reference to another setting, {@code ${idv.x.y:default}}. */
    private static final java.util.regex.Pattern REFERS_TO = java.util.regex.Pattern.compile("\\$\\{([^:}]+)(?::[^}]*)?}");

    private static String expected(Class<?> type) {
        if (type == java.net.InetAddress.class) {
            return "an IP address, or a host name that resolves";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == java.time.Duration.class) {
            return "a duration such as 30s, 5m or 2h";
        }
        if (type == java.time.Period.class) {
            return "a period such as 3y, 18m or 30d";
        }
        if (type == java.time.ZoneId.class) {
            return "a time zone such as Asia/Shanghai";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).toList();
        }
        return "a " + type.getSimpleName();
    }

    private static List<Throwable> chain(Throwable ex) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = ex; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
            if (t instanceof org.springframework.transaction.TransactionSystemException tx
                    && tx.getApplicationException() != null) {
                // the rollback failed too (its connection is gone): the failure that caused the rollback first
                chain.addAll(chain(tx.getApplicationException()));
                break;
            }
        }
        return chain;
    }

    private static String flat(String msg) {
        return msg.replace('\n', ' ').replaceAll(" {2,}", " ").strip();
    }
}
