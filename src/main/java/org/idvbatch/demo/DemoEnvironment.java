package org.idvbatch.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxKeys;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.scenario.ScenarioGenerator;
import org.idvbatch.sandbox.scenario.ScenarioLedgerWriter;
import org.idvbatch.sandbox.scenario.ScenarioPlan;
import org.idvbatch.sandbox.statement.StatementWriter;
import org.springframework.context.ApplicationContext;

/**
 * The demo's world: a sandbox on a free loopback port with one account (a fixed id, so a second demo run
 * finds its earlier sessions; a fresh sandbox-only secret each run), and the properties that point every
 * provider account of idv-batch at it. The demo's Tencent account asks for sensitive-data encryption
 * (AES-256-CBC with the sandbox's public key, written to a temporary PEM file), and its Cloudauth account has
 * OSS access, so a night of the demo exercises both intake paths.
 */
public final class DemoEnvironment implements AutoCloseable {

    /** The account the demo's sessions belong to, in the ledger and at the sandbox. */
    public static final String ACCOUNT = "idv-demo";
    static final int SESSIONS = 400;
    static final int DAYS = 3;
    static final long SEED = 20261125L;

    static final String ENCRYPTION = "AES-256-CBC";

    /** The demo console's users (daemon --demo): one per role, all with one password made at each start. */
    public static final List<String> CONSOLE_USERS = List.of("operator", "finance", "compliance", "viewer");
    /** The demo's scraper (role METRICS: /actuator/prometheus over HTTP Basic), with its own password. */
    public static final String SCRAPER = "scraper";

    private final ProviderSandbox sandbox;
    private final String secret;
    private final Path tencentPublicKey;
    private final java.util.List<SessionSpec> seeded = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Made at each start and printed by {@code daemon --demo}: a published password would open every demo console. */
    private final String consolePassword = SandboxKeys.secret();
    private final String scraperPassword = SandboxKeys.secret();

    private DemoEnvironment(ProviderSandbox sandbox, String secret, Path tencentPublicKey) {
        this.sandbox = sandbox;
        this.secret = secret;
        this.tencentPublicKey = tencentPublicKey;
    }

    public static DemoEnvironment start() {
        return start(null);
    }

    /** The demo's world starting at {@code at} (null: now); its clock runs on from there. */
    public static DemoEnvironment start(java.time.Instant at) {
        String secret = SandboxKeys.secret();
        ProviderSandbox sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(ACCOUNT, secret)));
        // ID Verification deletes asynchronously; the demo's deletes complete in a second, not in the real minutes,
        // so that the night's confirming reads (idv.copy-deletion.confirm-after, 2 s here) find them done
        sandbox.idvDeletionDelay(java.time.Duration.ofSeconds(1));
        if (at != null) {
            sandbox.clock().set(at);
        }
        try {
            Path pem = Files.createTempFile("idv-demo-tencent-public-", ".pem"); // a public key: nothing secret
            Files.writeString(pem, sandbox.tencentPublicKeyPem(ENCRYPTION));
            return new DemoEnvironment(sandbox, secret, pem);
        } catch (IOException e) {
            sandbox.close();
            throw new java.io.UncheckedIOException("cannot write the demo's Tencent public key file", e);
        }
    }

    /** Settings that send every provider call of this run to the sandbox. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        for (Provider provider : Provider.values()) {
            String prefix = "idv.providers." + provider.code() + ".accounts." + ACCOUNT + ".";
            p.put(prefix + "endpoint", sandbox.endpoint());
            p.put(prefix + "protocol", "http");
            p.put(prefix + "access-key-id", ACCOUNT);
            p.put(prefix + "access-key-secret", secret);
            p.put(prefix + "qps", 50);
            p.put(prefix + "signature", provider == Provider.ALIYUN_SAF ? "v2" : "v3");
        }
        String tencent = "idv.providers." + Provider.TENCENT_FACEID.code() + ".accounts." + ACCOUNT + ".encryption.";
        p.put(tencent + "algorithm", ENCRYPTION);
        p.put(tencent + "public-key-file", tencentPublicKey.toString());
        String oss = "idv.providers." + Provider.ALIYUN_CLOUDAUTH.code() + ".accounts." + ACCOUNT + ".oss.";
        p.put(oss + "endpoint", sandbox.endpoint());
        p.put(oss + "protocol", "http");
        p.put(oss + "access-key-id", ACCOUNT);
        p.put(oss + "access-key-secret", secret);
        // Tencent's side of the bill comes from its bill API (GetWeChatBillDetails), the others from exports
        p.put("idv.reconcile.tencent-bill.enabled", "true");
        p.put("idv.reconcile.tencent-bill.account", ACCOUNT);
        // the demo writes each statement as a *.part and renames it when whole, so the inbox may take it at once
        // (the world's clock may be far from the files' times, too)
        p.put("idv.reconcile.inbox-settle", "0s");
        // the confirming reads wait 2 s (not 3 minutes) for the night's youngest deletions: the sandbox's take 1 s
        p.put("idv.copy-deletion.confirm-after", "2s");
        return p;
    }

    /**
     * The daemon's settings in the demo's world: the demo's accounts, and every account of the configuration pointed
     * at the sandbox too (without keys they are skipped), so nothing reaches for a real provider and health is UP.
     */
    public Map<String, Object> daemonProperties() {
        Map<String, Object> p = properties();
        for (Provider provider : Provider.values()) {
            p.put("idv.providers." + provider.code() + ".accounts.default.endpoint", sandbox.endpoint());
            p.put("idv.providers." + provider.code() + ".accounts.default.protocol", "http");
        }
        var bcrypt = new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(10);
        String hash = "{bcrypt}" + bcrypt.encode(consolePassword);
        for (int i = 0; i < CONSOLE_USERS.size(); i++) {
            p.put("idv.console.users[" + i + "].name", CONSOLE_USERS.get(i));
            p.put("idv.console.users[" + i + "].password-hash", hash);
            p.put("idv.console.users[" + i + "].roles", CONSOLE_USERS.get(i).toUpperCase(java.util.Locale.ROOT));
        }
        int scraper = CONSOLE_USERS.size();
        p.put("idv.console.users[" + scraper + "].name", SCRAPER);
        p.put("idv.console.users[" + scraper + "].password-hash", "{bcrypt}" + bcrypt.encode(scraperPassword));
        p.put("idv.console.users[" + scraper + "].roles", "METRICS");
        return p;
    }

    /** The password of every demo console user, made at this start. */
    public String consolePassword() {
        return consolePassword;
    }

    /** The demo scraper's password, made at this start. */
    public String scraperPassword() {
        return scraperPassword;
    }

    /**
     * Seeds the scenario ending on the business date into the sandbox and the ledger, then lets the sandbox
     * write the Alibaba providers' console statements of each of its days into the reconciliation inbox.
     *
     * @return the number of ledger rows that were new
     */
    public int seed(ApplicationContext ctx, LocalDate businessDate, Path inbox) throws IOException {
        return seed(ctx, new ScenarioPlan(SESSIONS, DAYS, SEED, businessDate, List.of(ACCOUNT)), inbox);
    }

    /**
     * Seeds {@code sessions} sessions of one business day, with its console statements, as {@link #seed} does
     * for the demo's three days (the scale benchmark's nights).
     */
    public int seedDay(ApplicationContext ctx, LocalDate day, int sessions, Path inbox) throws IOException {
        return seed(ctx, new ScenarioPlan(sessions, 1, SEED + day.toEpochDay(), day, List.of(ACCOUNT)), inbox);
    }

    /** Moves the world's clock (the sandbox's, which the run reads) to {@code at}. */
    public void setClock(java.time.Instant at) {
        sandbox.clock().set(at);
    }

    private int seed(ApplicationContext ctx, ScenarioPlan plan, Path inbox) throws IOException {
        List<SessionSpec> sessions = ScenarioGenerator.seed(sandbox, plan);
        int inserted = ScenarioLedgerWriter.of(ctx).insert(sessions);
        if (plan.sessions() <= SESSIONS) { // the demo's few, whose personal data tests look for; not a bench's
            seeded.addAll(sessions);
        }
        Files.createDirectories(inbox);
        for (int d = 0; d < plan.days(); d++) { // each day's export, as finance downloads them
            LocalDate day = plan.lastDay().minusDays(plan.days() - 1 - d);
            for (Provider provider : List.of(Provider.ALIYUN_CLOUDAUTH, Provider.ALIYUN_SAF, Provider.ALIYUN_IDV)) {
                Path file = inbox.resolve(StatementWriter.fileName(provider, day.toString(),
                        StatementWriter.Format.CSV));
                Path part = file.resolveSibling(file.getFileName() + ".part"); // never taken while written
                try (OutputStream out = Files.newOutputStream(part)) {
                    StatementWriter.write(provider, sandbox.reportedUsage(provider, day), StatementWriter.Format.CSV,
                            out);
                }
                Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return inserted;
    }

    /**
     * The clear names and ID numbers of the people in the seeded sessions (the sandbox's truth): what no page,
     * report or log may ever show.
     */
    public java.util.Set<String> seededPersonalData() {
        java.util.Set<String> clear = new java.util.HashSet<>();
        for (SessionSpec s : seeded) {
            if (s.name() != null) {
                clear.add(s.name());
            }
            if (s.idNumber() != null) {
                clear.add(s.idNumber());
            }
        }
        return clear;
    }

    /** The business days the demo's scenario has sessions on, the last one being {@code businessDate}. */
    public static List<LocalDate> days(LocalDate businessDate) {
        return java.util.stream.IntStream.range(0, DAYS).mapToObj(i -> businessDate.minusDays(DAYS - 1 - i)).toList();
    }

    /**
     * The differences the scenario makes on purpose: it seeds its earliest day's sessions in one go, and a first
     * night started late finds some beyond Tencent's 3 days; the provider billed them, the ledger never got them.
     */
    public static final String DELIBERATE_CAUSE = "EXPIRED_UNHARVESTED";

    /** The world's clock, which the sandbox keeps and the run must read: one time for both. */
    public java.time.Clock clock() {
        return new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return java.time.Clock.fixed(instant(), zone);
            }

            @Override
            public java.time.Instant instant() {
                return sandbox.clock().now();
            }
        };
    }

    public String endpoint() {
        return sandbox.endpoint();
    }

    @Override
    public void close() {
        sandbox.close();
        try {
            Files.deleteIfExists(tencentPublicKey);
        } catch (IOException e) {
            tencentPublicKey.toFile().deleteOnExit();
        }
    }
}
