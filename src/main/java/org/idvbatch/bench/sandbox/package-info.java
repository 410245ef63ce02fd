/** {@code sandbox bench}: the sandbox's bare throughput per action, the reference for the harvest benchmark. */
package org.idvbatch.bench.sandbox;
