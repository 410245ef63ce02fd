/**
 * The session ledger: verification sessions the merchant started, their states and legal transitions,
 * identity kept only as masks and keyed hashes, and the CSV backfill importer.
 */
package org.idvbatch.session;
