/**
 * The face-verification providers idv-batch serves and their policies (retention, quota). Each provider's
 * wire client lives in a sub-package of its own.
 */
package org.idvbatch.provider;
