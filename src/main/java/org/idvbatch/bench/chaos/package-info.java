/** {@code chaos-bench}: nightly runs killed at random points, each followed by the next night and a check of the data. */
package org.idvbatch.bench.chaos;
