/** {@code report-bench}: the Sessions sheet, beside raw POI SXSSF writing the same values. */
package org.idvbatch.bench.report;
