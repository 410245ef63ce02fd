/**
 * The {@code nightly} job: harvest, archive, reconcile and report for one business date (Asia/Shanghai),
 * restartable from the JobRepository.
 */
package org.idvbatch.nightly;
