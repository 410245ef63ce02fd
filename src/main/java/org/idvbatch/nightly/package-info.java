/**
 * The {@code nightly} job: harvest, archive, provider-deletion, reconcile, report and housekeeping for one business
 * date (Asia/Shanghai), restartable from the JobRepository.
 */
package org.idvbatch.nightly;
