/** {@code audit-bench}: what the audit tables' hash chain costs their largest writer, a bulk requeue. */
package org.idvbatch.bench.audit;
