package org.idvbatch.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL whose idv-batch process is gone. A process killed with SIGKILL (the OOM killer, a
 * reboot of its container, an operator's {@code kill -9}) cannot stop the server it started, and that server
 * keeps the data directory: every later command would fail to start its own. So each process that starts the
 * embedded server writes its own PID next to PostgreSQL's {@code postmaster.pid}; the next start stops a server
 * whose owner no longer runs (SIGTERM, PostgreSQL's clean shutdown; the owner's connections died with it) and then
 * starts as usual. A server whose owner still runs is left alone: two processes cannot share the directory.
 */
final class OrphanedServer {

    private static final Logger log = LoggerFactory.getLogger(OrphanedServer.class);

    /** Beside PostgreSQL's files in the data directory; PostgreSQL ignores files it does not know. */
    static final String OWNER_FILE = "idv-batch-owner.pid";
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

    private OrphanedServer() {
    }

    /**
     * Stops the data directory's server if it runs and its owner does not.
     *
     * @return whether a server was stopped
     * @throws IllegalStateException if the orphaned server does not stop in time
     */
    static boolean stopIfOrphaned(Path dataDir) {
        Optional<ProcessHandle> server = runningServer(dataDir);
        if (server.isEmpty()) {
            return false; // none, or a stale postmaster.pid, which PostgreSQL itself handles
        }
        Optional<Long> owner = owner(dataDir);
        if (owner.isEmpty() || ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
            return false; // a live owner, or none recorded: the start fails and says why
        }
        log.warn("The embedded PostgreSQL in {} (pid {}) was left running by idv-batch process {}, which no longer"
                + " runs (killed?); stopping it cleanly before starting again", dataDir, server.get().pid(),
                owner.get());
        server.get().destroy(); // SIGTERM = smart shutdown: no client is left, so it ends at once
        try {
            server.get().onExit().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The embedded PostgreSQL left running in " + dataDir + " (pid "
                    + server.get().pid() + ") did not stop within " + SHUTDOWN_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not wait for the embedded PostgreSQL in " + dataDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the embedded PostgreSQL in " + dataDir, e);
        }
        return true;
    }

    /** Records this process as the owner of the server just started on {@code dataDir} (atomically replaced). */
    static void claim(Path dataDir) {
        try {
            Path tmp = dataDir.resolve(OWNER_FILE + ".tmp");
            Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, dataDir.resolve(OWNER_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the owner of the embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** The running postmaster named by {@code postmaster.pid}, if that process is alive and is a postgres. */
    static Optional<ProcessHandle> runningServer(Path dataDir) {
        Optional<Long> pid = firstLineNumber(dataDir.resolve("postmaster.pid"));
        return pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
    }

    static Optional<Long> owner(Path dataDir) {
        return firstLineNumber(dataDir.resolve(OWNER_FILE));
    }

    private static Optional<Long> firstLineNumber(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            log.warn("{}: unreadable ({}); not taken as a process id", file, e.getMessage());
            return Optional.empty();
        }
    }
}
