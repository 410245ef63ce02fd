package org.idvbatch.sandbox;

import org.idvbatch.provider.Provider;

/**
 * One wire protocol the sandbox speaks. The dispatcher asks each protocol in turn whether it claims a
 * request (by the protocol's own marker: X-TC-Action, x-acs-action, an Action parameter, the admin path) and
 * hands it over; faults are injected around {@link #handle} using {@link #provider}.
 */
public interface ProviderProtocol {

    boolean claims(SandboxRequest request);

    /** The provider whose fault profile applies to this request, or null (admin). */
    Provider provider(SandboxRequest request);

    SandboxResponse handle(SandboxRequest request);

    /** The provider's answer to an injected server error (HTTP 503, the provider's error body). */
    SandboxResponse serverError(SandboxRequest request);
}
