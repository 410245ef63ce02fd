/**
 * Business time: {@link org.idvbatch.time.BusinessDay} owns the Asia/Shanghai business zone and the UTC bounds
 * of a day. The clock itself is a bean ({@code java.time.Clock}), so every behaviour that depends on when it runs
 * is tested with the clock pinned.
 */
package org.idvbatch.time;
