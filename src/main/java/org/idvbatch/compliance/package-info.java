/**
 * What a compliance officer asks of the ledger and the archive beyond retention: legal holds
 * ({@link org.idvbatch.compliance.LegalHolds}: a held session is never purged or erased), erasure requests
 * ({@link org.idvbatch.compliance.Erasure}: a person's sessions found by the keyed hash of their ID number,
 * evidence crypto-shredded, masks and hashes blanked), each audited in {@code operator_action}. What blanking an
 * identity means is defined once ({@link org.idvbatch.compliance.IdentityBlanking}), for the erasure and for the
 * identity retention of org.idvbatch.housekeeping.
 */
package org.idvbatch.compliance;
