/**
 * What an operator or a monitoring script asks first: sessions by state, nearest deadlines, last job runs, and what
 * the next housekeeping will remove.
 */
package org.idvbatch.status;
