package org.idvbatch.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** fastexcel writing the benchmark's values: a second reference (kept apart: fastexcel is an optional jar). */
final class FastexcelReference {

    private static final int FLUSH_EVERY = 10_000;

    private FastexcelReference() {
    }

    static void write(int rows, long firstId, Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); Workbook wb = new Workbook(os, "idv-batch", "1.0")) {
            Worksheet ws = wb.newWorksheet("Sessions");
            for (int c = 0; c < 17; c++) {
                ws.value(0, c, "column " + c);
            }
            for (int g = 0; g < rows; g++) {
                Object[] values = BenchSessions.row(g, firstId);
                int r = g + 1;
                for (int c = 0; c < values.length; c++) {
                    if (values[c] instanceof Long n) {
                        ws.value(r, c, n);
                        ws.style(r, c).format("#,##0").set();
                    } else if (values[c] instanceof Instant t) {
                        ws.value(r, c, LocalDateTime.ofInstant(t, ReportPeriod.BUSINESS_ZONE));
                        ws.style(r, c).format("yyyy-mm-dd hh:mm:ss").set();
                    } else if (values[c] != null) {
                        ws.value(r, c, (String) values[c]);
                    }
                }
                if (r % FLUSH_EVERY == 0) {
                    ws.flush();
                }
            }
            ws.finish();
        }
    }
}
