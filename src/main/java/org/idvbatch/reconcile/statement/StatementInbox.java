package org.idvbatch.reconcile.statement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.idvbatch.RejectedInputException;
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
 */
@Service
public class StatementInbox {

    private static final Logger log = LoggerFactory.getLogger(StatementInbox.class);

    private final StatementFileImporter importer;
    private final Clock clock;

    StatementInbox(StatementFileImporter importer, Clock clock) {
        this.importer = importer;
        this.clock = clock;
    }

    /** What one pass over the inbox did. */
    public record Report(List<ImportedStatement> accepted, List<String> rejected) {
    }

    public Report importAll(Path inbox) {
        List<ImportedStatement> accepted = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        if (!Files.isDirectory(inbox)) {
            return new Report(accepted, rejected);
        }
        for (Path file : files(inbox)) {
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
        return new Report(accepted, rejected);
    }

    private void reject(Path inbox, Path file, String why, List<String> rejected) {
        Path moved = move(file, inbox.resolve("rejected"));
        write(moved.resolveSibling(moved.getFileName() + ".error.txt"), why + "\n");
        rejected.add(why);
        log.warn("inbox {}: rejected: {}", file.getFileName(), why);
    }

    private static List<Path> files(Path inbox) {
        try (Stream<Path> s = Files.list(inbox)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the statement inbox " + inbox, e);
        }
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
