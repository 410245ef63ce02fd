package org.idvbatch.provider;

/**
 * What an archived evidence object shows. Stored by name in {@code evidence_archive.evidence_type};
 * the provider field each comes from is in providers.md (Tencent §4.4, Alibaba §2.2 / §3).
 */
public enum EvidenceType {
    /** The face photo compared (Alibaba facialPictureFront, Tencent GetFaceIdResult image). */
    FACE_IMAGE,
    /** A best frame of the liveness video (Tencent BestFrame.BestFrame / BestFrames[], seq = position). */
    BEST_FRAME,
    /** ID card front as captured (Tencent IdCardData.OcrFront). */
    ID_CARD_FRONT,
    /** ID card back as captured (Tencent IdCardData.OcrBack). */
    ID_CARD_BACK,
    /** ID card front cropped/deskewed by the provider (Tencent IdCardData.ProcessedFrontImage). */
    ID_CARD_FRONT_PROCESSED,
    /** ID card back cropped/deskewed by the provider (Tencent IdCardData.ProcessedBackImage). */
    ID_CARD_BACK_PROCESSED,
    /** The portrait cut from the ID card (Tencent IdCardData.Avatar). */
    ID_CARD_AVATAR,
    /** The liveness video (Tencent VideoData.LivenessVideo; seq > 0 for retry videos). */
    LIVENESS_VIDEO
}
