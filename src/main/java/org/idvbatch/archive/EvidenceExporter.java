package org.idvbatch.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.idvbatch.RejectedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Decrypts one session's evidence for an authorised investigator. The audit row (who, when, why) is
 * committed before any byte is decrypted, so an export that fails half-way is still on record.
 */
@Service
public class EvidenceExporter {

    private static final Logger log = LoggerFactory.getLogger(EvidenceExporter.class);

    private final EvidenceRows rows;
    private final EvidenceObjects objects;
    private final EvidenceAudit audit;

    EvidenceExporter(EvidenceRows rows, EvidenceObjects objects, EvidenceAudit audit) {
        this.rows = rows;
        this.objects = objects;
        this.audit = audit;
    }

    /** @return the files written, one per object, named {@code <type>-<seq>.<ext>} */
    public List<Path> export(long sessionId, Path outDir, String reason, String by) {
        if (reason == null || reason.isBlank()) {
            throw new RejectedInputException("reason", "required (why the evidence is needed)");
        }
        if (by == null || by.isBlank()) {
            throw new RejectedInputException("by", "required (who asks for the evidence)");
        }
        List<StoredEvidence> stored = rows.storedForSession(sessionId);
        if (stored.isEmpty()) {
            throw new RejectedInputException("session " + sessionId + " has no archived evidence");
        }
        List<StoredEvidence> live = stored.stream().filter(s -> s.purgedAt() == null).toList();
        if (live.isEmpty()) {
            throw new RejectedInputException("the evidence of session " + sessionId
                    + " was purged at the end of its retention (" + stored.get(0).purgedAt() + ")");
        }
        audit.record(EvidenceAudit.Action.EXPORT, sessionId, live.size(), by.strip(), reason.strip());
        try {
            Files.createDirectories(outDir);
            List<Path> written = new ArrayList<>();
            for (StoredEvidence row : live) {
                written.add(exportOne(row, outDir));
            }
            log.info("Exported {} evidence objects of session {} for {}", written.size(), sessionId, by.strip());
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + outDir, e);
        }
    }

    /** Decrypts to a temp file and renames only once every check passed: no half-trusted output. */
    private Path exportOne(StoredEvidence row, Path outDir) throws IOException {
        String base = row.type().toLowerCase(Locale.ROOT) + "-" + row.seq();
        Path tmp = outDir.resolve("." + base + ".part");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ownerOnly(tmp);
            objects.open(row, out);
        } catch (RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Path target = outDir.resolve(base + "." + extension(tmp));
        if (Files.exists(target)) {
            Files.delete(tmp);
            throw new RejectedInputException("" + target + " already exists; choose an empty --out");
        }
        return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; the directory's own protection applies
        }
    }

    private static String extension(Path file) throws IOException {
        byte[] head = new byte[12];
        int n;
        try (var in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return "jpg";
        }
        if (n >= 4 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return "png";
        }
        if (n >= 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
            return "mp4";
        }
        return "bin";
    }
}
