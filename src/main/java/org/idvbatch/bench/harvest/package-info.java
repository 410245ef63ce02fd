/** {@code harvest-bench}: the harvest job against the provider sandbox on a temporary database. */
package org.idvbatch.bench.harvest;
