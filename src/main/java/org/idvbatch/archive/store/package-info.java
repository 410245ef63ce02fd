/**
 * Where archived ciphertext lives: {@link org.idvbatch.archive.store.ObjectStore}, an interface shaped
 * for S3-compatible stores, with the local filesystem as the default implementation (temp name, fsync,
 * atomic rename, directory fsync).
 */
package org.idvbatch.archive.store;
