/** What an operator or a monitoring script asks first: sessions by state, nearest deadlines, last job runs. */
package org.idvbatch.status;
