/**
 * Personal identity as idv-batch keeps it: never in clear. {@link org.idvbatch.identity.IdentityHasher} keys an
 * HMAC over names and ID numbers (what makes "all sessions of this person" findable without storing them),
 * {@link org.idvbatch.identity.IdentityMask} masks them for reports and pages, and
 * {@link org.idvbatch.identity.ChineseIdNumber} knows the resident ID number's check character.
 */
package org.idvbatch.identity;
