/**
 * What the jobs, their steps and the readers of their executions share: {@link org.idvbatch.batch.BatchNames}
 * and the parameters that identify a nightly run. Depends on no feature package, so every feature may use it.
 */
package org.idvbatch.batch;
