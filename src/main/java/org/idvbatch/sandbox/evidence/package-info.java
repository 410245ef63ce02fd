/** Evidence the sandbox hands out: deterministic generated JPEGs and signed, expiring picture links. */
package org.idvbatch.sandbox.evidence;
