/**
 * Deleting the provider's copy of a session once idv-batch holds the evidence (verified) or the data subject asked
 * for erasure: {@link org.idvbatch.copydeletion.ProviderCopyDeletion} and the nightly step after the archive.
 * Each call's answer is a receipt in {@code provider_deletion} (append-only).
 */
package org.idvbatch.copydeletion;
