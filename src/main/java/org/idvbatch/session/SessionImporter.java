package org.idvbatch.session;

import org.idvbatch.progress.ProgressListener;
import org.idvbatch.identity.FreeTextMask;
import org.idvbatch.identity.IdentityHasher;
import org.idvbatch.time.BusinessDay;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.idvbatch.RejectedInputException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.stereotype.Service;

/**
 * Backfills the ledger from a CSV file (src/site/markdown/operations.md, "The ledger contract"), in one
 * transaction or not at all. A file of new sessions is validated and streamed with binary COPY straight into
 * {@code verification_session}. When some of its sessions are in the ledger already, the file is streamed
 * instead into a transaction-local staging table, checked against the ledger and merged in one statement:
 * rows already there with the same content are skipped, so importing a file twice inserts nothing new, and a
 * row that contradicts the ledger is named. A bad row rolls everything back.
 */
@Service
public class SessionImporter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SessionImporter.class);

    private static final String UNIQUE_VIOLATION = "23505";

    /** The ledger columns an import writes, in the order it writes them; the database fills in the others. */
    public static final String LEDGER_COLUMNS = LedgerCopyEncoder.COLUMNS;

    private final DataSource dataSource;
    private final IdentityHasher hasher;
    private final Clock clock;
    private final ZoneId localZone = BusinessDay.ZONE;

    SessionImporter(DataSource dataSource, IdentityHasher hasher, Clock clock) {
        this.dataSource = dataSource;
        this.hasher = hasher;
        this.clock = clock;
    }

    /**
     * Imports the file in one transaction, or nothing of it.
     *
     * @param progress told of the rows checked and staged (the check for duplicates and the merge that follow
     *                 are single statements, with no progress to tell)
     */
    public ImportResult importFile(Path file, ProgressListener progress) {
        if (Files.isDirectory(file)) {
            throw new RejectedInputException(file + ": is a directory, not a CSV file");
        }
        try (Connection con = dataSource.getConnection()) {
            con.setAutoCommit(false);
            try {
                ImportResult result = importInTransaction(file, con, progress);
                con.commit();
                return result;
            } catch (RuntimeException | SQLException | IOException e) {
                con.rollback();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new RejectedInputException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new RejectedInputException(file + ": " + firstUndecodableLine(file) + " is not UTF-8 text ("
                    + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("import of " + file + " failed in the database: " + e.getMessage(), e);
        }
    }

    private ImportResult importInTransaction(Path file, Connection con, ProgressListener progress)
            throws IOException, SQLException {
        Optional<LedgerRetention> retention = LedgerRetention.read(con);
        if (retention.isPresent()) {
            Optional<ImportResult> direct = loadDirectly(file, con, progress, retention.get());
            if (direct.isPresent()) {
                return direct.get();
            }
        }
        return loadThroughStage(file, con, progress);
    }

    /**
     * The common case, a file of new sessions: validated rows are copied straight into the ledger. The ledger's
     * unique key still guards it: when one of the file's sessions is already there (a re-import, a file that
     * overlaps an earlier one) or is in the file twice, the COPY fails, is rolled back to before it, and the
     * file is read again through the stage, which finds those rows and names them.
     *
     * @return empty when the file needs the staged path
     */
    private Optional<ImportResult> loadDirectly(Path file, Connection con, ProgressListener progress,
                                                LedgerRetention retention) throws IOException, SQLException {
        Savepoint beforeCopy = con.setSavepoint();
        long t0 = System.nanoTime();
        long rows;
        progress.started("import-sessions rows", -1);
        try {
            rows = copyValidatedRows(file, con, progress, SessionImportSql.COPY_INTO_LEDGER,
                    n -> new LedgerCopyEncoder(hasher, retention, n), LedgerCopyEncoder.HEADER, LedgerCopyEncoder.TRAILER);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            con.rollback(beforeCopy);
            log.info("import {}: some of its sessions are in the ledger already or twice in the file; reading it"
                    + " again to compare each with the ledger", file.getFileName());
            return Optional.empty();
        } finally {
            progress.finished();
        }
        con.releaseSavepoint(beforeCopy);
        log.info("import {}: {} new rows validated and copied into the ledger in {} ms", file.getFileName(), rows,
                (System.nanoTime() - t0) / 1_000_000);
        return Optional.of(new ImportResult(rows, rows, 0));
    }

    private ImportResult loadThroughStage(Path file, Connection con, ProgressListener progress)
            throws IOException, SQLException {
        try (Statement st = con.createStatement()) {
            st.execute(SessionImportSql.CREATE_STAGE);
        }
        long t0 = System.nanoTime();
        long rows;
        progress.started("import-sessions rows, compared with the ledger", -1);
        try {
            rows = copyValidatedRows(file, con, progress, SessionImportSql.COPY_STAGE,
                    n -> new StagingRowWriter(hasher, n), null, null);
        } finally {
            progress.finished();
        }
        long t1 = System.nanoTime();
        try (Statement st = con.createStatement()) {
            rejectIfAny(st, SessionImportSql.FIND_DUPLICATE_IN_FILE,
                    "provider_ref", "appears twice in the file (the same provider and reference)");
            try (var rs = st.executeQuery(SessionImportSql.FIND_CONFLICT_WITH_LEDGER)) {
                if (rs.next()) {
                    String column = rs.getString(2);
                    throw new RejectedInputException("line " + rs.getLong(1) + " (" + column + "): the session"
                            + " (provider, provider_ref) is already in the ledger with another " + column
                            + (column.equals("name") || column.equals("id_number")
                            ? " (compared by its keyed hash; was the file made with another identity key?)" : ""));
                }
            }
            long t2 = System.nanoTime();
            long inserted = merge(st, file);
            log.info("import {}: {} rows validated and staged in {} ms, checked in {} ms, merged in {} ms",
                    file.getFileName(), rows, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000);
            return new ImportResult(rows, inserted, rows - inserted);
        }
    }

    private static long merge(Statement st, Path file) throws SQLException {
        try {
            return st.executeUpdate(SessionImportSql.MERGE_INTO_LEDGER);
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IllegalStateException("import of " + file + " rolled back: another writer inserted one"
                        + " of its sessions meanwhile (" + e.getMessage() + "); nothing was imported, run it again", e);
            }
            throw e;
        }
    }

    /**
     * Streams the file's validated rows into one COPY; {@code header} and {@code trailer} frame the stream where
     * its format has them (binary), and are null otherwise.
     */
    private long copyValidatedRows(Path file, Connection con, ProgressListener progress, String copySql,
                                   IntFunction<RowBlockEncoder> encoders, byte[] header, byte[] trailer)
            throws IOException, SQLException {
        Instant latestAllowed = clock.instant().plus(ALLOWED_CLOCK_SKEW);
        CopyIn copy = con.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try (Reader reader = utf8(file);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                     .setIgnoreEmptyLines(true).get().parse(reader)) {
            List<String> columns = parser.getHeaderNames();
            checkHeader(file, columns);
            if (header != null) {
                copy.writeToCopy(header, 0, header.length);
            }
            try (ValidatingCopyPipeline pipeline = new ValidatingCopyPipeline(copy, encoders, columns, localZone,
                    latestAllowed)) {
                List<ValidatingCopyPipeline.RawRow> batch = new ArrayList<>(ValidatingCopyPipeline.BATCH_ROWS);
                long rows = 0;
                for (CSVRecord record : parser) {
                    batch.add(new ValidatingCopyPipeline.RawRow(record, parser.getCurrentLineNumber()));
                    if (batch.size() == ValidatingCopyPipeline.BATCH_ROWS) {
                        pipeline.submit(batch);
                        progress.advancedBy(batch.size());
                        batch.clear();
                    }
                    rows++;
                }
                pipeline.submit(batch);
                progress.advancedBy(batch.size());
                pipeline.finish();
                if (trailer != null) {
                    copy.writeToCopy(trailer, 0, trailer.length);
                }
                copy.endCopy();
                return rows;
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new RejectedInputException(file + ": " + firstUndecodableLine(file) + " is not UTF-8 text ("
                        + e.getCause().getMessage() + ")", e);
            }
            throw new RejectedInputException(file + ": not a readable CSV file: " + e.getCause().getMessage(), e);
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException alreadyFailed) {
                    log.debug("COPY of {} ended already: {}", file.getFileName(), alreadyFailed.getMessage());
                }
            }
        }
    }

    /**
     * How far a created_at may lie ahead of this machine's clock: the merchant's servers and this one keep time
     * by NTP, so anything later is a wrong timestamp (a time zone read twice, a typo), not skew.
     */
    static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(2);

    private static void checkHeader(Path file, List<String> header) {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            Integer earlier = seen.putIfAbsent(header.get(i), i + 1);
            if (earlier != null) {
                throw new RejectedInputException("line 1, column " + (i + 1) + ": column '"
                        + FreeTextMask.forMessage(header.get(i)) + "' appears twice (also column " + earlier + ")");
            }
        }
        for (String required : SessionCsvRow.REQUIRED) {
            if (!header.contains(required)) {
                throw new RejectedInputException("line 1: header lacks column '" + required + "' (required: "
                        + String.join(",", SessionCsvRow.REQUIRED) + "; optional: "
                        + String.join(",", SessionCsvRow.OPTIONAL) + ")");
            }
        }
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            if (!SessionCsvRow.REQUIRED.contains(h) && !SessionCsvRow.OPTIONAL.contains(h)) {
                throw new RejectedInputException("line 1, column " + (i + 1) + ": unknown column '"
                        + FreeTextMask.forMessage(h) + "'");
            }
        }
    }

    private static void rejectIfAny(Statement st, String sql, String column, String problem) throws SQLException {
        try (var rs = st.executeQuery(sql)) {
            if (rs.next()) {
                throw new RejectedInputException("line " + rs.getLong(1) + " (" + column + "): " + problem);
            }
        }
    }

    /** "line N, byte B" of the first byte sequence that is not UTF-8, found again for the message. */
    static String firstUndecodableLine(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            int line = 1;
            int start = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    try {
                        decoder.reset().decode(java.nio.ByteBuffer.wrap(bytes, start, i - start));
                    } catch (CharacterCodingException bad) {
                        return "line " + line;
                    }
                    line++;
                    start = i + 1;
                }
            }
            return "the file";
        } catch (IOException e) {
            return "the file";
        }
    }

    private static Reader utf8(Path file) throws IOException {
        Reader reader = new java.io.BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
        reader.mark(1);
        if (reader.read() != '\uFEFF') { // a byte-order mark is tolerated, as spreadsheet tools write one
            reader.reset();
        }
        return reader;
    }
}
