/**
 * The sandbox's billing truth: every attempt a provider counts, aggregated per Asia/Shanghai business day x
 * account x product x scene x charge type, and the drifted view its usage APIs and console exports report.
 */
package org.idvbatch.sandbox.billing;
