/**
 * The provider side of reconciliation: console statements, imported whole or not at all from export files
 * (CSV in GBK or UTF-8, or XLSX; file or inbox folder) or fetched through a {@link
 * org.idvbatch.provider.BillStatementSource}, into {@code statement_file} and
 * {@code statement_line}. Identical input is a no-op; a corrected statement for a period is a new version.
 */
package org.idvbatch.reconcile.statement;

