package org.idvbatch.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.admin.AdminApi;
import org.idvbatch.sandbox.aliyun.AliyunProtocol;
import org.idvbatch.sandbox.aliyun.oss.OssGetObject;
import org.idvbatch.sandbox.billing.BillingLine;
import org.idvbatch.sandbox.billing.DriftSettings;
import org.idvbatch.sandbox.tencent.TencentProtocol;

/**
 * A running provider sandbox: one HTTP port speaking Tencent API 3.0, Alibaba RPC/ACS3 and the admin API.
 * Start with {@link #start}, close to stop. Everything lives in memory.
 */
public final class ProviderSandbox implements AutoCloseable {

    private final SandboxState state;
    private final HttpServer server;
    private final ThreadPoolExecutor workers;

    private ProviderSandbox(SandboxState state, HttpServer server, ThreadPoolExecutor workers) {
        this.state = state;
        this.server = server;
        this.workers = workers;
    }

    public static ProviderSandbox start(SandboxOptions options) {
        // The JDK server otherwise delays small answers by ~40 ms (Nagle + delayed ACK); must precede create().
        System.setProperty("sun.net.httpserver.nodelay", "true");
        SandboxState state = new SandboxState(options);
        TencentProtocol tencent = new TencentProtocol(state);
        AliyunProtocol aliyun = new AliyunProtocol(state);
        tencent.registerRules(state.sessions()::rules);
        aliyun.registerRules(state.sessions()::rules);
        List<ProviderProtocol> protocols = List.of(new AdminApi(state), tencent, aliyun, new OssGetObject(state));
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(options.threads(), options.threads(), 60,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096), r -> {
                    Thread t = new Thread(r, "sandbox-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 512);
            server.createContext("/", new SandboxDispatcher(state, protocols));
            server.setExecutor(state.arrivals().stamping(workers));
            server.start();
            return new ProviderSandbox(state, server, workers);
        } catch (IOException e) {
            workers.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + options.bindAddress() + ":" + options.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code host:port} as the SDKs take it (Tencent HttpProfile.setEndpoint, Alibaba Config.setEndpoint). */
    public String endpoint() {
        return state.options().bindAddress() + ":" + port();
    }

    public SandboxClock clock() {
        return state.clock();
    }

    public SandboxAccounts accounts() {
        return state.accounts();
    }

    /** Sessions: register scenario sessions, complete pending ones, look them up. */
    public SessionStore sessions() {
        return state.sessions();
    }

    public CallLog callLog() {
        return state.calls();
    }

    /** What the providers billed on this Asia/Shanghai business day (never drifted). */
    public List<BillingLine> billingTruth(LocalDate date) {
        return state.billing().truth(date);
    }

    /** What the provider's usage API / console export reports for the day (drift applied). */
    public List<BillingLine> reportedUsage(Provider provider, LocalDate date) {
        return state.billing().reported(provider.code(), date);
    }

    /** Sells an account a prepaid resource package: its bill deducts those calls instead of charging them. */
    public void resourcePackage(org.idvbatch.sandbox.billing.BillingLedger.ResourcePackage p) {
        state.billing().resourcePackage(p);
    }

    public void clearResourcePackages() {
        state.billing().clearResourcePackages();
    }

    public void drift(DriftSettings drift) {
        state.billing().drift(drift);
    }

    public void faults(Provider provider, FaultSettings faults) {
        state.faults(provider, faults);
    }

    public QuotaLimiter quotas() {
        return state.quotas();
    }

    /**
     * PEM of the public key a merchant configures for Tencent sensitive-data encryption with this sandbox
     * ({@code AES-256-CBC}: RSA, PKCS#1; {@code SM4-GCM}: SM2, SubjectPublicKeyInfo). Also at
     * {@code GET /_sandbox/encryption-key}.
     */
    public String tencentPublicKeyPem(String algorithm) {
        return state.tencentKeys().publicKeyPem(algorithm);
    }

    /** Validity of the Cloudauth picture URLs handed out from now on; negative = already expired when given. */
    public void pictureUrlValidity(Duration validity) {
        state.pictureUrlValidity(validity);
    }

    /**
     * Whether the pictures behind the picture links are gone (the provider's lifecycle rule deleted them):
     * a valid link then answers 404 NoSuchKey, as OSS does.
     */
    public void picturesDeleted(boolean deleted) {
        state.picturesDeleted(deleted);
    }

    /**
     * How long ID Verification's DeleteVerifyResult takes to complete on the sandbox clock (default 2 minutes,
     * within Alibaba's documented 3); until then CheckResult still returns the personal data.
     */
    public void idvDeletionDelay(Duration delay) {
        state.idvDeletionDelay(delay);
    }

    /** The state behind this sandbox, for code that needs more than the calls above (the admin API, tests). */
    public SandboxState state() {
        return state;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
