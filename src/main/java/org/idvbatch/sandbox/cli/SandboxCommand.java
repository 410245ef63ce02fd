package org.idvbatch.sandbox.cli;

import org.idvbatch.command.ExitCode;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.idvbatch.RejectedInputException;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sandbox}: runs the provider sandbox until SIGTERM. Needs no database and starts no Spring context. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Runs a local server that speaks the providers' real APIs (Tencent FaceID, Alibaba Cloudauth,",
                "saf face_verify, ID Verification), signatures included; admin API under /_sandbox/.",
                "Accounts: --account ID:SECRET (any number) and config/sandbox-accounts.properties (ID=SECRET);",
                "with none, one sandbox-only account is generated and printed."},
        subcommands = {SandboxSeedCommand.class, SandboxExportCommand.class})
public class SandboxCommand implements Callable<Integer> {

    static final Path ACCOUNTS_FILE = Path.of("config", "sandbox-accounts.properties");

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8443", description = "TCP port (0 = any free port). Default 8443.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on. Default 127.0.0.1.")
    String bind;

    @Option(names = "--account", paramLabel = "ID:SECRET", description = "A sandbox-only AccessKey pair.")
    List<String> accounts = List.of();

    @Option(names = "--best-frames", defaultValue = "3", description = "Best frames per Tencent session (0-10).")
    int bestFrames;

    @Option(names = "--video", description = "Tencent sessions carry a short liveness video payload.")
    boolean video;

    @Option(names = "--idv-deletion-delay", defaultValue = "PT2M", paramLabel = "DURATION",
            description = "How long ID Verification's DeleteVerifyResult takes to complete (ISO-8601, e.g. PT2M, the"
                    + " default; Alibaba documents up to 3 minutes); CheckResult returns the data until then.")
    java.time.Duration idvDeletionDelay;

    @Option(names = "--documented-quotas", description = "Enforce the providers' documented per-account QPS limits.")
    boolean documentedQuotas;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (idvDeletionDelay.isNegative()) { // before anything listens
            throw new RejectedInputException("--idv-deletion-delay: " + idvDeletionDelay + " is negative; give how"
                    + " long the deletion takes, e.g. PT2M, or PT0S for at once");
        }
        Map<String, String> keys = accounts(accounts);
        SandboxOptions options = new SandboxOptions(bind, port, keys, 64, bestFrames, video, java.time.Clock.systemUTC());
        ProviderSandbox sandbox = ProviderSandbox.start(options);
        sandbox.idvDeletionDelay(idvDeletionDelay);
        if (documentedQuotas) {
            sandbox.quotas().applyDocumentedLimits();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        out.printf("idv-batch sandbox listening on http://%s (SDK endpoint %s, protocol http)%n",
                sandbox.endpoint(), sandbox.endpoint());
        out.printf("  admin API: http://%s/_sandbox/ (clock, accounts, sessions, calls, billing, faults, quota)%n",
                sandbox.endpoint());
        sandbox.accounts().list().forEach(a -> out.printf("  account %s secret %s%n", a.accessKeyId(), a.secret()));
        out.flush();
        stopped.await();
        return ExitCode.OK;
    }

    static Map<String, String> accounts(List<String> given) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (Files.isReadable(ACCOUNTS_FILE)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(ACCOUNTS_FILE)) {
                p.load(r);
            } catch (IOException e) {
                throw new RejectedInputException(ACCOUNTS_FILE + ": cannot be read (" + e.getMessage() + ")");
            }
            p.stringPropertyNames().stream().sorted().forEach(k -> keys.put(k, p.getProperty(k)));
        }
        for (String a : given) {
            int colon = a.indexOf(':');
            if (colon <= 0 || colon == a.length() - 1) {
                throw new RejectedInputException("--account '" + a.replaceAll(":.*", ":***")
                        + "': expected ID:SECRET");
            }
            keys.put(a.substring(0, colon), a.substring(colon + 1));
        }
        if (keys.isEmpty()) {
            keys.put(org.idvbatch.sandbox.SandboxKeys.accessKeyId(), org.idvbatch.sandbox.SandboxKeys.secret());
        }
        return keys;
    }
}
