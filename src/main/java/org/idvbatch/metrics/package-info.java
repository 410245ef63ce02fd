/**
 * Micrometer metrics of the product (Prometheus at {@code /actuator/prometheus} in daemon mode): ledger gauges
 * read with one set-based query per scrape window, and harvest counters fed from the finished job's step
 * execution contexts. Only counts, states and provider codes: never a name, ID number, reference or key.
 * Job and step durations come from Spring Batch's own observations ({@code spring.batch.job},
 * {@code spring.batch.step}).
 */
package org.idvbatch.metrics;
