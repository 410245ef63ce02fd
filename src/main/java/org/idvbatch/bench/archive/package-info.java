/** {@code archive-bench}: archiving evidence (seal, record, verify) on a temporary database and directory. */
package org.idvbatch.bench.archive;
