package org.idvbatch.report;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rows of a big query read on a second thread while the caller writes cells: fetching and decoding rows and
 * writing XML then overlap. At most {@link #BATCHES_AHEAD} batches of {@link #BATCH} rows wait (about 1 MB).
 * Measured with report-bench at -Xmx256m: 8 x 1000 rows ahead kept enough waiting rows alive across young
 * collections to be promoted, and the heap in use after GC rose to ~130 MB against raw POI's ~30 MB; 4 x 250
 * keeps it at ~31 MB at the same speed. The reader runs its own read-only transaction, which PostgreSQL's driver
 * needs to stream with a cursor.
 */
final class StreamedRows {

    static final int BATCH = 250;
    static final int BATCHES_AHEAD = 4;
    private static final List<Object[]> END = new ArrayList<>();

    @FunctionalInterface
    interface RowConsumer {
        void accept(Object[] row);
    }

    private StreamedRows() {
    }

    /**
     * Runs {@code sql} with the two timestamps as parameters, handing each row (column values as JDBC returns
     * them) to {@code consumer} on the calling thread, in query order.
     *
     * @return rows handed over
     */
    static long forEach(JdbcTemplate jdbc, TransactionTemplate readOnly, String sql, Timestamp from, Timestamp to,
                        RowConsumer consumer) {
        BlockingQueue<List<Object[]>> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
        RuntimeException[] failure = {null};
        Thread reader = new Thread(() -> {
            try {
                readOnly.executeWithoutResult(s -> jdbc.query(con -> {
                    PreparedStatement ps = con.prepareStatement(sql);
                    ps.setFetchSize(SessionsSheet.FETCH_SIZE);
                    // binary transfer from the first execution: timestamps and numbers need no text parsing. Not
                    // when the URL turned server-side prepared statements off (prepareThreshold=0, behind a
                    // transaction-mode pooler): the named statement would outlive the transaction on a server
                    // connection other clients get next (operations.md, "Behind a connection pooler")
                    if (con.unwrap(org.postgresql.PGConnection.class).getPrepareThreshold() > 0) {
                        ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
                    }
                    ps.setTimestamp(1, from);
                    ps.setTimestamp(2, to);
                    return ps;
                }, (ResultSet rs) -> read(rs, queue)));
            } catch (RuntimeException e) {
                failure[0] = e;
            } finally {
                putQuietly(queue, END);
            }
        }, "report-row-reader");
        reader.setDaemon(true);
        reader.start();
        long rows = 0;
        try {
            for (List<Object[]> batch = take(queue); batch != END; batch = take(queue)) {
                for (Object[] row : batch) {
                    consumer.accept(row);
                }
                rows += batch.size();
            }
        } finally {
            reader.interrupt(); // a writer that failed stops the reader (no-op when it already finished)
            join(reader);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return rows;
    }

    private static Void read(ResultSet rs, BlockingQueue<List<Object[]>> queue) throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        List<Object[]> batch = new ArrayList<>(BATCH);
        while (rs.next()) {
            Object[] row = new Object[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = rs.getObject(c + 1);
            }
            batch.add(row);
            if (batch.size() == BATCH) {
                put(queue, batch);
                batch = new ArrayList<>(BATCH);
            }
        }
        put(queue, batch);
        return null;
    }

    private static void put(BlockingQueue<List<Object[]>> queue, List<Object[]> batch) {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("report writer stopped; reading abandoned", e);
        }
    }

    private static void putQuietly(BlockingQueue<List<Object[]>> queue, List<Object[]> batch) {
        try {
            while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Object[]> take(BlockingQueue<List<Object[]>> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a report sheet", e);
        }
    }

    private static void join(Thread reader) {
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
