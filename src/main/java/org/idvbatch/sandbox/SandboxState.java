package org.idvbatch.sandbox;

import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.billing.BillingLedger;
import org.idvbatch.sandbox.evidence.EvidenceImages;
import org.idvbatch.sandbox.evidence.OssLinks;
import org.idvbatch.sandbox.tencent.TencentEnvelopeKeys;

/**
 * Everything a running sandbox keeps in memory, shared by the protocols and the admin API.
 * One instance per {@link ProviderSandbox}; no static state.
 */
public final class SandboxState {

    private final SandboxOptions options;
    private final SandboxClock clock;
    private final SandboxAccounts accounts = new SandboxAccounts();
    private final BillingLedger billing = new BillingLedger();
    private final SessionStore sessions;
    private final CallLog calls = new CallLog();
    private final RequestArrivals arrivals = new RequestArrivals();
    private final QuotaLimiter quotas = new QuotaLimiter(arrivals);
    private final Map<Provider, FaultSettings> faults = new EnumMap<>(Provider.class);
    private final EvidenceImages evidence = new EvidenceImages();
    private final OssLinks ossLinks = new OssLinks();
    private final TencentEnvelopeKeys tencentKeys = new TencentEnvelopeKeys();
    private volatile Duration pictureUrlValidity = Duration.ofHours(1);
    private volatile boolean picturesDeleted;
    private volatile Duration idvDeletionDelay = DEFAULT_IDV_DELETION_DELAY;

    /**
     * How long ID Verification's DeleteVerifyResult takes to complete by default: 2 minutes, within the "up to 3
     * minutes" Alibaba documents for its asynchronous deletion (providers.md §7.2).
     */
    public static final Duration DEFAULT_IDV_DELETION_DELAY = Duration.ofMinutes(2);

    SandboxState(SandboxOptions options) {
        this.options = options;
        this.clock = new SandboxClock(options.systemClock());
        this.sessions = new SessionStore(clock, billing);
        options.accounts().forEach(accounts::add);
    }

    public SandboxOptions options() {
        return options;
    }

    public SandboxClock clock() {
        return clock;
    }

    public SandboxAccounts accounts() {
        return accounts;
    }

    public SessionStore sessions() {
        return sessions;
    }

    public BillingLedger billing() {
        return billing;
    }

    public CallLog calls() {
        return calls;
    }

    RequestArrivals arrivals() {
        return arrivals;
    }

    public QuotaLimiter quotas() {
        return quotas;
    }

    public EvidenceImages evidence() {
        return evidence;
    }

    public OssLinks ossLinks() {
        return ossLinks;
    }

    /**
     * RSA-2048 key pair standing in for Tencent's published RSA key (sensitive-data encryption, AES-256-CBC):
     * callers wrap their data keys with its public key.
     */
    public KeyPair envelopeKey() {
        return tencentKeys.rsa();
    }

    /** Tencent's RSA and SM2 sensitive-data key pairs, as the sandbox plays them. */
    public TencentEnvelopeKeys tencentKeys() {
        return tencentKeys;
    }

    /** How long the Cloudauth picture URLs the sandbox hands out stay valid (1 hour; negative = already expired). */
    public Duration pictureUrlValidity() {
        return pictureUrlValidity;
    }

    public void pictureUrlValidity(Duration validity) {
        this.pictureUrlValidity = validity;
    }

    /** How long after DeleteVerifyResult answers Y the ID Verification result is really gone (sandbox clock). */
    public Duration idvDeletionDelay() {
        return idvDeletionDelay;
    }

    public void idvDeletionDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the deletion delay cannot be negative");
        }
        this.idvDeletionDelay = delay;
    }

    public boolean picturesDeleted() {
        return picturesDeleted;
    }

    public void picturesDeleted(boolean deleted) {
        this.picturesDeleted = deleted;
    }

    public synchronized FaultSettings faults(Provider provider) {
        return faults.getOrDefault(provider, FaultSettings.none());
    }

    public synchronized void faults(Provider provider, FaultSettings settings) {
        faults.put(provider, settings == null ? FaultSettings.none() : settings);
    }

    /** A random request id in UUID form; ThreadLocalRandom, because SecureRandom serialises callers. */
    public String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new UUID(r.nextLong(), r.nextLong()).toString();
    }
}
