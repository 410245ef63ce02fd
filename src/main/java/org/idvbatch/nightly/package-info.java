/**
 * The {@code nightly} job: harvest, archive, provider-deletion, provider-deletion-confirm, reconcile, report,
 * housekeeping and audit-digest for one business date (Asia/Shanghai), restartable from the JobRepository.
 */
package org.idvbatch.nightly;
