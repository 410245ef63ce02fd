/**
 * The scenario generator: a deterministic mix of sessions across all providers, registered in a sandbox and
 * written into the merchant's ledger ({@code sandbox seed}, {@code nightly --demo}).
 */
package org.idvbatch.sandbox.scenario;
