package org.idvbatch.provider;

import java.util.List;

/**
 * Deleting the provider's own copy of a session's result and images, where the provider has an API for it
 * (providers.md §7.2). One implementation per provider that has one; a provider without one has no bean.
 */
public interface CopyDeletion {

    Provider provider();

    /** Whether sessions of this product can be deleted at the provider (the API covers it). */
    boolean covers(String product);

    /** The client of one account. */
    Client create(String accountName, ProviderProperties.AccountSettings account);

    /**
     * The account's read that confirms a deletion: the session's result read again through the API the harvest
     * reads it with, to see whether the provider still returns personal data (providers.md §7.2: ID Verification
     * deletes asynchronously, so a "deleted" answer is a request until such a read shows the data gone).
     */
    Check check(String accountName, ProviderProperties.AccountSettings account);

    /** Reads one session's result to confirm its deletion. */
    @FunctionalInterface
    interface Check {
        /**
         * @throws ProviderCallException when the read had no answer (transport, throttling, 5xx) or an answer that
         *                               says nothing either way; the caller retries, then tries again next night
         */
        Read read(SessionRef session) throws ProviderCallException;
    }

    /**
     * What a confirming read returned.
     *
     * @param action       the provider's read action, e.g. CheckResult
     * @param requestId    the provider's RequestId
     * @param personalData whether the answer still carried personal data (identity, images): the deletion is not
     *                     done yet; false when the provider no longer knows the session or answers without it
     * @param code         the provider's answer code, as it gave it (no personal data)
     */
    record Read(String action, String requestId, boolean personalData, String code) {
    }

    /** Deletes one session's copy; one answer per provider call made. */
    @FunctionalInterface
    interface Client {
        /**
         * @param onlyIfQueried ask the provider to delete only a result that was already queried
         *                      ({@code DeleteAfterQuery=Y}); false for an erasure, which deletes in any case
         * @throws ProviderCallException when a call had no answer (transport, throttling, 5xx) or the account was
         *                               refused; the caller retries
         */
        List<Answer> delete(SessionRef session, boolean onlyIfQueried) throws ProviderCallException;
    }

    /**
     * What the provider answered to one call.
     *
     * @param action     the provider's action, e.g. DeleteFaceVerifyResult
     * @param deleteType what the call deleted, if the API deletes in parts (ID Verification: Img, Text)
     * @param requestId  the provider's RequestId
     * @param failReason the provider's reason for not deleting (e.g. NEED_QUERY_VERIFY_RESULT), else null
     */
    record Answer(String action, String deleteType, String requestId, Outcome outcome, String failReason,
                  String message) {
    }

    /** The provider's answer, as idv-batch keeps it. */
    enum Outcome {
        /** Deleted now. */
        DELETED,
        /** Deleted before (an earlier call whose receipt was lost). */
        ALREADY_DELETED,
        /** The provider no longer knows the session. */
        GONE,
        /** The provider refused to delete it (failReason says why). */
        REFUSED
    }
}
