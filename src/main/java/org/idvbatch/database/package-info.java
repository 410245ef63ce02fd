/**
 * Where the data lives: an external PostgreSQL given by URL, or by default an embedded PostgreSQL server
 * whose data directory persists under {@code $IDV_DATA_DIR/pg}.
 */
package org.idvbatch.database;
