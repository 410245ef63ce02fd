package org.idvbatch.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code report-bench}: the Sessions sheet of N sessions written (a) by our sheet writer from the database,
 * (b) by bare POI SXSSF calls and (c) by fastexcel, both from the same values computed in memory. Each is
 * timed with its peak heap; an OutOfMemoryError is caught and reported as that writer's result. Run only on
 * a throw-away database: it loads N sessions.
 */
@Service
public class SessionsSheetBenchmark {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    SessionsSheetBenchmark(JdbcTemplate jdbc, PlatformTransactionManager tx) {
        this.jdbc = jdbc;
        this.readOnly = ReportTransactions.readOnly(tx);
    }

    public void run(int rows, int rounds, Path dir, PrintWriter out) throws IOException {
        long t0 = System.nanoTime();
        jdbc.update(BenchSessions.LOAD, BenchSessions.loadArguments(rows));
        jdbc.execute("ANALYZE verification_session");
        long firstId = jdbc.queryForObject("SELECT min(id) FROM verification_session", Long.class);
        out.printf(Locale.ROOT, "loaded %,d sessions server-side in %.1f s; max heap %d MB%n", rows,
                (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().maxMemory() >> 20);
        checkSameValues(firstId, out);
        ReportLabels labels = new ReportLabels("zh_CN");
        measure("(d) database read only, no sheet (diagnostic)", dir.resolve("none"), file -> {
            long n = StreamedRows.forEach(jdbc, readOnly, SessionsSheet.SESSIONS_OF_PERIOD,
                    ReportPeriod.day(BenchSessions.DAY).from(), ReportPeriod.day(BenchSessions.DAY).to(), row -> { });
            Files.writeString(file, Long.toString(n));
        }, out);
        double bestOurs = Double.MAX_VALUE;
        double bestPoi = Double.MAX_VALUE;
        // alternating rounds: on a shared machine one slow phase must not decide the ratio
        for (int round = 1; round <= rounds; round++) {
            out.printf("round %d of %d%n", round, rounds);
            Result ours = measure("(a) our Sessions sheet, from the database", dir.resolve("ours.xlsx"), file -> {
                try (SXSSFWorkbook wb = new SXSSFWorkbook(DailyReportWriter.ROW_WINDOW)) {
                    wb.setCompressTempFiles(true);
                    SessionsSheet sheet = new SessionsSheet(labels, new SheetStyles(wb));
                    sheet.write(wb.createSheet("Sessions"), jdbc, readOnly, ReportPeriod.day(BenchSessions.DAY));
                    write(wb, file);
                }
            }, out);
            Result poi = measure("(b) raw POI SXSSF, same values", dir.resolve("poi.xlsx"),
                    file -> rawPoi(rows, firstId, file), out);
            if (ours.seconds > 0 && poi.seconds > 0) {
                out.printf(Locale.ROOT, "  round ratio ours / raw POI: %.2fx%n", ours.seconds / poi.seconds);
                bestOurs = Math.min(bestOurs, ours.seconds);
                bestPoi = Math.min(bestPoi, poi.seconds);
            }
        }
        Result fast = measure("(c) fastexcel 0.20.2, same values", dir.resolve("fastexcel.xlsx"),
                file -> FastexcelReference.write(rows, firstId, file), out);
        if (bestPoi < Double.MAX_VALUE) {
            out.printf(Locale.ROOT, "best of %d rounds: ours %.1f s, raw POI %.1f s, ratio %.2fx (goal <= 1.30x)%n",
                    rounds, bestOurs, bestPoi, bestOurs / bestPoi);
            if (fast.seconds > 0) {
                out.printf(Locale.ROOT, "ratio fastexcel / best raw POI: %.2fx time%n", fast.seconds / bestPoi);
            }
        }
    }

    private static void rawPoi(int rows, long firstId, Path file) throws IOException {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(DailyReportWriter.ROW_WINDOW)) {
            wb.setCompressTempFiles(true);
            SheetStyles styles = new SheetStyles(wb);
            SXSSFSheet sheet = wb.createSheet("Sessions");
            Row header = sheet.createRow(0);
            for (int c = 0; c < 17; c++) {
                Cell cell = header.createCell(c);
                cell.setCellValue("column " + c);
                cell.setCellStyle(styles.header);
            }
            for (int g = 0; g < rows; g++) {
                Object[] values = BenchSessions.row(g, firstId);
                Row row = sheet.createRow(g + 1);
                for (int c = 0; c < values.length; c++) {
                    Cell cell = row.createCell(c);
                    if (values[c] instanceof Long n) {
                        cell.setCellValue(n);
                        cell.setCellStyle(styles.integer);
                    } else if (values[c] instanceof Instant t) {
                        cell.setCellValue(LocalDateTime.ofInstant(t, ReportPeriod.BUSINESS_ZONE));
                        cell.setCellStyle(styles.dateTime);
                    } else if (values[c] != null) {
                        cell.setCellValue((String) values[c]);
                    }
                }
            }
            write(wb, file);
        }
    }

    /** The first rows as the database holds them must be exactly the generator's, or (b)/(c) write other data. */
    private void checkSameValues(long firstId, PrintWriter out) {
        List<String> db = jdbc.query(SessionsSheet.SESSIONS_OF_PERIOD + " LIMIT 1000", (rs, i) -> rs.getLong(1)
                + "|" + rs.getString(6) + "|" + rs.getString(9) + "|" + rs.getString(12) + "|" + rs.getString(14) + "|"
                + rs.getTimestamp(8).toInstant(), java.sql.Timestamp.from(BenchSessions.BASE),
                java.sql.Timestamp.from(BenchSessions.BASE.plusSeconds(86_400)));
        for (int g = 0; g < db.size(); g++) {
            Object[] v = BenchSessions.row(g, firstId);
            String expected = v[0] + "|" + v[5] + "|" + v[8] + "|" + v[11] + "|" + v[13] + "|" + v[7];
            if (!expected.equals(db.get(g))) {
                throw new IllegalStateException("generator and database differ at row " + g + ": " + expected
                        + " vs " + db.get(g));
            }
        }
        out.printf("generator checked equal to the database on the first %d rows%n", db.size());
    }

    private static void write(SXSSFWorkbook wb, Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            wb.write(os);
        }
    }

    private static Result measure(String name, Path file, Writer writer, PrintWriter out) {
        try (HeapWatch heap = new HeapWatch()) {
            long t0 = System.nanoTime();
            try {
                writer.write(file);
                double s = (System.nanoTime() - t0) / 1e9;
                out.printf(Locale.ROOT, "%-44s %7.1f s  heap: pool peaks %4d MB, max after GC %4d MB  file %3d MB%n",
                        name, s, heap.peakBytes() >> 20, heap.liveAfterGcBytes() >> 20, Files.size(file) >> 20);
                return new Result(s);
            } catch (OutOfMemoryError | IOException | RuntimeException | NoClassDefFoundError e) {
                double s = (System.nanoTime() - t0) / 1e9;
                if (outOfMemory(e)) { // also when closing the writer failed with the same error (self-suppression)
                    out.printf(Locale.ROOT, "%-44s OutOfMemoryError after %.1f s (peak heap %d MB)%n", name, s,
                            heap.peakBytes() >> 20);
                } else {
                    out.printf("%-44s failed: %s%n", name, e);
                }
                return new Result(-1);
            } finally {
                out.flush();
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    out.println("could not delete " + file + ": " + e.getMessage());
                }
            }
        }
    }

    private static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    private record Result(double seconds) {
    }

    @FunctionalInterface
    interface Writer {
        void write(Path file) throws IOException;
    }
}
