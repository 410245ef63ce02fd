/**
 * {@code console-bench}: the console's pages over a large ledger and job repository, p95 per page beside the
 * sign-in page's (no database) as the same run's floor.
 */
package org.idvbatch.bench.console;
