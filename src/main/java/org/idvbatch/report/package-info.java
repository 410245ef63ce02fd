/**
 * Excel workbooks that finance and compliance open as they are. {@link org.idvbatch.report.DailyReportWriter}
 * and {@link org.idvbatch.report.MonthlyReportWriter} only orchestrate; each sheet is one small writer
 * ({@code SummarySheet}, {@code ReconciliationSheet}, {@code ExceptionsSheet}, {@code SessionsSheet},
 * {@code ArchiveSheet}, {@code DailyTrendSheet}, {@code MonthRollupSheet}, {@code ComplianceSheet}) sharing
 * {@code SheetStyles}, {@code ReportLabels}, the typed-cell table writer {@code TableSheet} and the A4 print
 * layout {@code PageLayout}. Big sheets are
 * streamed (SXSSF), every file is written to a temporary name, renamed, and given a {@code .sha256}.
 * No sheet passes Excel's limits ({@code ExcelLimits}): each is a {@code SheetSeries} of {@code WorkbookSheets},
 * which a table continues on as numbered sheets, a cell's text is cut with a marker that says so, and a big day's
 * session detail goes to a compressed CSV beside the workbook ({@code SessionsCsv}).
 */
package org.idvbatch.report;
