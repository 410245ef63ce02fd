package org.idvbatch.reconcile.statement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.idvbatch.RejectedInputException;
import org.idvbatch.reconcile.ReconcileProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The inbox folder operators (or a download script) drop console exports into. Each file is imported on its
 * own (one bad file does not hold back the others) and then moved: to {@code accepted/} when stored or
 * already known, to {@code rejected/} with {@code <name>.error.txt} saying why. Files are moved only after
 * the database transaction ended, so a crash at worst imports a file again, which is a no-op.
 * <p>
 * A file is taken only once it is complete: once it has not been modified for {@code idv.reconcile.inbox-settle}
 * by the clock (a copy still being written is left for the next pass, and said so). Names starting with a dot or
 * ending in {@code .part} are never taken: a writer that writes under such a name and renames the file when it
 * is whole needs no settle time.
 */
@Service
public class StatementInbox {

    private static final Logger log = LoggerFactory.getLogger(StatementInbox.class);

    private final StatementFileImporter importer;
    private final Clock clock;
    private final Duration settle;

    @Autowired
    StatementInbox(StatementFileImporter importer, Clock clock, ReconcileProperties properties) {
        this(importer, clock, properties.inboxSettle());
    }

    StatementInbox(StatementFileImporter importer, Clock clock, Duration settle) {
        this.importer = importer;
        this.clock = clock;
        this.settle = settle;
    }

    /**
     * What one pass over the inbox (and the bill APIs) did.
     *
     * @param refused     input refused as a whole, each naming its file (or bill) and what is wrong: bad input
     * @param unavailable bill APIs that could not be read: the source failed, not the input
     * @param waiting     files left in the inbox because they changed too recently (still being written?)
     */
    public record Report(List<ImportedStatement> accepted, List<String> refused, List<String> unavailable,
                         List<String> waiting) {

        public Report {
            accepted = List.copyOf(accepted);
            refused = List.copyOf(refused);
            unavailable = List.copyOf(unavailable);
            waiting = List.copyOf(waiting);
        }

        /** Everything set aside: refused input and unavailable sources. */
        public List<String> rejected() {
            List<String> all = new ArrayList<>(refused);
            all.addAll(unavailable);
            return all;
        }
    }

    public Report importAll(Path inbox) {
        List<ImportedStatement> accepted = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        if (!Files.isDirectory(inbox)) {
            return new Report(accepted, rejected, List.of(), waiting);
        }
        for (Path file : files(inbox)) {
            String stillWritten = stillBeingWritten(file);
            if (stillWritten != null) {
                waiting.add(stillWritten);
                log.info("inbox {}", stillWritten);
                continue;
            }
            try {
                ImportedStatement done = importer.importFile(file, null);
                accepted.add(done);
                move(file, inbox.resolve("accepted"));
                log.info("inbox {}: {}", file.getFileName(), done.describe());
            } catch (RejectedInputException e) {
                reject(inbox, file, e.getMessage(), rejected);
            } catch (TransientDataAccessException | RecoverableDataAccessException
                     | DataAccessResourceFailureException e) {
                throw e; // the database, not the file: it stays in the inbox for the next run
            } catch (RuntimeException e) {
                // a check this importer lacks must not leave the file in the inbox, failing every later run
                log.error("inbox {}: unexpected failure, file set aside as rejected", file.getFileName(), e);
                reject(inbox, file, file.getFileName() + ": could not be imported (" + e.getClass().getSimpleName()
                        + "); nothing of it was stored; report this file to the idv-batch maintainers", rejected);
            }
        }
        return new Report(accepted, rejected, List.of(), waiting);
    }

    /** Why the file is left for a later pass, or null when it has been still for the settle time. */
    private String stillBeingWritten(Path file) {
        if (settle.isZero()) {
            return null; // every writer renames whole files into the inbox
        }
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return null; // gone or unreadable: the import names the problem
        }
        Instant now = clock.instant();
        if (!now.isBefore(modified.plus(settle))) {
            return null;
        }
        return file.getFileName() + ": last modified at " + modified + ", less than " + settle.toSeconds()
                + " s ago (idv.reconcile.inbox-settle) by the clock (" + now + "): still being written? Left in the"
                + " inbox for a later run; write it as a dot-file or *.part and rename it when whole to have it"
                + " taken at once";
    }

    private void reject(Path inbox, Path file, String why, List<String> rejected) {
        Path moved = move(file, inbox.resolve("rejected"));
        Path reason = moved.resolveSibling(moved.getFileName() + ".error.txt");
        write(reason, why + "\n");
        rejected.add(why + " (moved to " + moved + ", the reason in " + reason.getFileName() + ")");
        log.warn("inbox {}: rejected: {}", file.getFileName(), why);
    }

    private static List<Path> files(Path inbox) {
        try (Stream<Path> s = Files.list(inbox)) {
            return s.filter(Files::isRegularFile).filter(p -> !ignored(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the statement inbox " + inbox, e);
        }
    }

    /** A dot-file or a {@code *.part}: a file being written, to be renamed into place when whole. */
    static boolean ignored(String name) {
        return name.startsWith(".") || name.toLowerCase(java.util.Locale.ROOT).endsWith(".part");
    }

    private Path move(Path file, Path folder) {
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(file.getFileName());
            if (Files.exists(target)) { // keep both: the earlier one is evidence too
                target = folder.resolve(clock.instant().toEpochMilli() + "-" + file.getFileName());
            }
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + file + " to " + folder, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
