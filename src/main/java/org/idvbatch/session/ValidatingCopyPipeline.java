package org.idvbatch.session;

import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.apache.commons.csv.CSVRecord;
import org.idvbatch.RejectedInputException;
import org.postgresql.copy.CopyIn;

/**
 * Validates, hashes and encodes the file's rows on all cores while the reading thread keeps parsing and
 * feeds the COPY stream (the staging table's, or the ledger's own in the direct load). Batches are written strictly in file order, so the error reported is still the
 * first bad row of the file, and nothing after it reaches the database.
 */
final class ValidatingCopyPipeline implements AutoCloseable {

    static final int BATCH_ROWS = 4096;

    /** A parsed CSV record and the line it ends on, as read; validation happens on a worker. */
    record RawRow(CSVRecord record, long line) {
    }

    private final CopyIn copy;
    private final IntFunction<RowBlockEncoder> encoders;
    private final List<String> header;
    private final ZoneId localZone;
    private final Instant latestAllowed;
    private final ExecutorService workers;
    private final int window;
    private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();

    /** @param encoders a new encoder for a block of the given number of rows, in the COPY stream's format */
    ValidatingCopyPipeline(CopyIn copy, IntFunction<RowBlockEncoder> encoders, List<String> header, ZoneId localZone,
                    Instant latestAllowed) {
        this.copy = copy;
        this.encoders = encoders;
        this.header = header;
        this.localZone = localZone;
        this.latestAllowed = latestAllowed;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.window = 2 * threads; // bounded: memory stays at a few batches however large the file
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "import-validate");
            t.setDaemon(true);
            return t;
        });
    }

    void submit(List<RawRow> batch) throws SQLException {
        while (inFlight.size() >= window) {
            writeOldest();
        }
        List<RawRow> rows = new ArrayList<>(batch);
        inFlight.add(workers.submit(() -> encode(rows)));
    }

    /** Writes what is still in flight; the caller ends the COPY (after a trailer, if its format has one). */
    void finish() throws SQLException {
        while (!inFlight.isEmpty()) {
            writeOldest();
        }
    }

    private byte[] encode(List<RawRow> rows) {
        RowBlockEncoder out = encoders.apply(rows.size());
        for (RawRow raw : rows) {
            CSVRecord record = raw.record();
            if (!record.isConsistent()) {
                throw new RejectedInputException("line " + raw.line() + ": has " + record.size()
                        + " fields, the header has " + header.size());
            }
            out.write(SessionCsvRow.parse(record, raw.line(), header, localZone, latestAllowed));
        }
        return out.toBytes();
    }

    private void writeOldest() throws SQLException {
        byte[] block;
        try {
            block = inFlight.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        copy.writeToCopy(block, 0, block.length);
    }

    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(true));
        workers.shutdownNow();
    }
}
