/**
 * Proof of the audit trails (#30): the audit tables are hash-chained in the database (migration V100), a signed
 * digest of every chain's head is written to the archive store each night ({@link org.idvbatch.audit.AuditDigests}),
 * and {@link org.idvbatch.audit.AuditVerifier} recomputes the chains against the digests and names each break.
 * src/site/markdown/audit-proof.md describes the design, the database roles and the auditor's steps.
 */
package org.idvbatch.audit;
