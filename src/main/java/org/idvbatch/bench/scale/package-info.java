/**
 * {@code scale-bench}: what a night and the console cost after a year of a large merchant's history, against what
 * they cost after a month, for the same day's volume. History is made by copying one real night back in time
 * ({@code HistoryCloner}); never a bean of a production context.
 */
package org.idvbatch.bench.scale;
