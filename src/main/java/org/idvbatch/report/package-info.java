/**
 * Excel workbooks that finance and compliance open as they are: written with POI's streaming writer,
 * to a temporary name, then renamed, with a {@code .sha256} beside each file.
 */
package org.idvbatch.report;
