/** The settings themselves: a start refuses an {@code idv.*} key that idv-batch does not read. */
package org.idvbatch.settings;
