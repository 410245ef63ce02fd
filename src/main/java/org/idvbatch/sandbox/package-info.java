/**
 * The provider sandbox: a local HTTP server that speaks the providers' real server APIs (Tencent FaceID API
 * 3.0, Alibaba Cloudauth / saf / ID Verification over RPC and ACS3), signatures included, so the providers'
 * official SDKs talk to it unchanged. Tests, benchmarks and {@code nightly --demo} embed it; users run it with
 * {@code idv-batch sandbox}.
 *
 * <h2>Embedding</h2>
 * <pre>{@code
 * try (ProviderSandbox sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of("AKIDtest", "secret")))) {
 *     String endpoint = sandbox.endpoint();              // "127.0.0.1:<port>" for the SDKs
 *     sandbox.sessions().register(spec);                  // scenario API (SessionSpec)
 *     sandbox.sessions().complete(provider, ref, Outcome.PASS, List.of());  // the simulated user
 *     sandbox.clock().advance(Duration.ofDays(3));        // lifecycle and retention run on this clock
 *     sandbox.callLog().all(); sandbox.billingTruth(date); sandbox.reportedUsage(provider, date);
 *     sandbox.faults(provider, faultSettings); sandbox.quotas().limit(account, action, perSecond);
 *     sandbox.drift(new DriftSettings(true, false, null));
 * }
 * }</pre>
 * Public surface: {@link org.idvbatch.sandbox.ProviderSandbox}, {@link org.idvbatch.sandbox.SandboxOptions},
 * {@link org.idvbatch.sandbox.SandboxClock}, {@link org.idvbatch.sandbox.SandboxAccounts},
 * {@link org.idvbatch.sandbox.SessionStore} / {@link org.idvbatch.sandbox.SessionSpec} /
 * {@link org.idvbatch.sandbox.Outcome}, {@link org.idvbatch.sandbox.CallLog},
 * {@link org.idvbatch.sandbox.QuotaLimiter}, {@link org.idvbatch.sandbox.FaultSettings}. The types
 * {@link org.idvbatch.sandbox.ProviderProtocol}, {@link org.idvbatch.sandbox.SandboxRequest},
 * {@link org.idvbatch.sandbox.SandboxResponse}, {@link org.idvbatch.sandbox.SandboxState} and
 * {@link org.idvbatch.sandbox.ProviderRules} are public only because the per-provider sub-packages implement them.
 *
 * <h2>Clocks</h2>
 * Session lifecycle, retention and billing days use the controllable business clock; signature timestamps are
 * checked against real time (plus an optional skew), because SDKs sign with the caller's wall clock.
 */
package org.idvbatch.sandbox;
