package org.idvbatch.provider;

/** Why a verification failed, across providers (the provider's own codes are kept verbatim beside it). */
public enum FailureReason {
    IDENTITY_MISMATCH,        // name and ID number do not belong together
    IDENTITY_NOT_FOUND,       // the authority has no such identity
    REFERENCE_PHOTO_UNUSABLE, // no or unusable reference photo at the authority
    NOT_SAME_PERSON,          // face does not match
    LIVENESS_ATTACK,          // suspected non-live (photo, video, mask)
    ABANDONED,                // user left the flow / token expired unused
    USER_ERROR,               // capture or environment problems on the user's side
    PROVIDER_ERROR,           // the provider failed during the flow
    RISK_BLOCKED,             // provider risk control or rate policy refused the user
    OTHER
}
