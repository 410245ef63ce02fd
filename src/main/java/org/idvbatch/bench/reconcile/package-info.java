/** {@code reconcile-bench}: matching a month of billable calls, beside the bare GROUP BY of the same rows. */
package org.idvbatch.bench.reconcile;
