/**
 * Pacing of provider calls across the cluster: one token bucket per provider account and API, kept in PostgreSQL
 * (table {@code pace_bucket}) by Bucket4j, so every node of the cluster, the harvest and the provider-copy
 * deletion alike, draws from the same quota. See {@link org.idvbatch.pace.ClusterPaces}.
 */
package org.idvbatch.pace;
