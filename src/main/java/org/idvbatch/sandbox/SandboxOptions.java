package org.idvbatch.sandbox;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to start a sandbox.
 *
 * @param port        TCP port on {@code bindAddress}; 0 picks a free one
 * @param accounts    AccessKey id -> secret (sandbox-only keys)
 * @param threads     request worker threads (bounded pool; latency faults sleep in them)
 * @param bestFrames  best frames each Tencent session has (GetDetectInfoEnhanced BestFramesCount is capped by it)
 * @param video       whether Tencent sessions carry a short liveness video payload
 */
public record SandboxOptions(String bindAddress, int port, Map<String, String> accounts, int threads,
        int bestFrames, boolean video, Clock systemClock) {

    public SandboxOptions {
        accounts = Map.copyOf(new LinkedHashMap<>(accounts));
        if (threads <= 0 || bestFrames < 0 || bestFrames > 10) {
            throw new IllegalArgumentException("threads must be > 0 and bestFrames 0..10");
        }
    }

    /** Loopback, free port, the given accounts, 64 threads, 3 best frames, no video, system clock. */
    public static SandboxOptions defaults(Map<String, String> accounts) {
        return new SandboxOptions("127.0.0.1", 0, accounts, 64, 3, false, Clock.systemUTC());
    }

    public SandboxOptions withPort(int newPort) {
        return new SandboxOptions(bindAddress, newPort, accounts, threads, bestFrames, video, systemClock);
    }

    public SandboxOptions withEvidence(int frames, boolean withVideo) {
        return new SandboxOptions(bindAddress, port, accounts, threads, frames, withVideo, systemClock);
    }
}
