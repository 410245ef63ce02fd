package org.idvbatch.provider;

/**
 * Storage the merchant owns where a provider also leaves a session's evidence (Alibaba Cloudauth writes the
 * pictures to the merchant's OSS bucket), read with the merchant's own key once the provider's short-lived URL
 * no longer serves them. {@link EvidenceFetcher} falls back to it; each store lives in its provider's package.
 */
public interface MerchantEvidenceStore {

    /** Whether the account has access to its store configured. */
    boolean configured(Provider provider, String account);

    /**
     * The object's bytes.
     *
     * @param what names the item in errors, e.g. "session 17 FACE_IMAGE #0"
     * @throws ProviderCallException of kind {@link ProviderCallException.Kind#GONE} when the store no longer has
     *                               the object, other kinds as for any provider call
     */
    byte[] read(Provider provider, String account, String bucket, String object, String what)
            throws ProviderCallException;
}
