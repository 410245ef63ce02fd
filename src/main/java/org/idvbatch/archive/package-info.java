/**
 * The evidence archive: face images, best frames, ID card images and liveness videos that the harvest
 * obtains are encrypted per object (envelope encryption, {@code archive.crypto}), written to an object
 * store ({@code archive.store}) and recorded in {@code evidence_archive}; kept until their retain-until,
 * then crypto-shredded. Verification, export to investigators, purge and key rotation are audited in
 * {@code evidence_audit}. Entry point for the harvest: {@link org.idvbatch.archive.EvidenceArchive}.
 */
package org.idvbatch.archive;
