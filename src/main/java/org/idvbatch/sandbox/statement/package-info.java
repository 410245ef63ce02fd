/** The providers' console statement export (CSV GBK / UTF-8 BOM / XLSX) as {@code sandbox export-statement} writes it. */
package org.idvbatch.sandbox.statement;
