/** {@code import-bench}: importing a generated ledger CSV into a temporary database. */
package org.idvbatch.bench.session;
