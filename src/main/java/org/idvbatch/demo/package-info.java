/**
 * {@code nightly --demo}: the provider sandbox started in-process, every provider account pointed at it,
 * and a deterministic scenario written into both the sandbox and the ledger, with the providers' console
 * statements dropped into the reconciliation inbox — the whole night on one machine, nothing to set up.
 */
package org.idvbatch.demo;
