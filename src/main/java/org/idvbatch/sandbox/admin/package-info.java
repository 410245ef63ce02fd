/**
 * The sandbox's admin API under {@code /_sandbox/}: clock, accounts, call log, billing truth and reported
 * usage, drift, faults, quotas, sessions (scenario registration and the simulated user) and evidence links.
 */
package org.idvbatch.sandbox.admin;
