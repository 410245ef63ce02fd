/**
 * Quartz schedules (clustered JDBC job store on the same PostgreSQL): Quartz only triggers, Spring Batch
 * owns job state and restart.
 */
package org.idvbatch.schedule;
