package org.idvbatch.provider;

/** Kinds of evidence providers return with a result. */
public enum EvidenceKind {
    FACE_IMAGE, BEST_FRAME, ID_CARD_FRONT, ID_CARD_BACK, ID_CARD_AVATAR, LIVENESS_VIDEO
}
