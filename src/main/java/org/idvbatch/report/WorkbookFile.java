package org.idvbatch.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * Publishes a workbook, or a file that goes with it, atomically: written under a temporary name in the target
 * directory, forced to disk, renamed over any earlier file, then its SHA-256 written beside it the same way.
 * A file can be staged first (written, its SHA-256 known) and published later, so that a workbook can name the
 * SHA-256 of the file beside it before either is in place.
 */
final class WorkbookFile {

    private WorkbookFile() {
    }

    /** Writes the content of a file to the stream it is given (which it must not close). */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    static String publish(Workbook workbook, Path target) throws IOException {
        try (Staged staged = stage(target, workbook::write)) {
            return staged.publish();
        }
    }

    /** Writes {@code content} under a temporary name beside {@code target}; nothing is at the target yet. */
    static Staged stage(Path target, Content content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            MessageDigest sha256 = sha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha256)) {
                content.writeTo(out);
            }
            force(tmp);
            return new Staged(tmp, target, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** A file written and forced under a temporary name: {@link #publish()} it, or close it to throw it away. */
    static final class Staged implements AutoCloseable {

        private final Path tmp;
        private final Path target;
        private final String sha256;

        private Staged(Path tmp, Path target, String sha256) {
            this.tmp = tmp;
            this.target = target;
            this.sha256 = sha256;
        }

        String sha256() {
            return sha256;
        }

        Path target() {
            return target;
        }

        /** Renames the file over the target, then writes its {@code .sha256} beside it; returns the SHA-256. */
        String publish() throws IOException {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Path sumTmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".sha256.tmp");
            try {
                Files.writeString(sumTmp, sha256 + "  " + target.getFileName() + "\n", StandardCharsets.UTF_8);
                force(sumTmp);
                Files.move(sumTmp, checksumOf(target), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(sumTmp);
            }
            return sha256;
        }

        /** Deletes the temporary file when it was not published. */
        @Override
        public void close() throws IOException {
            Files.deleteIfExists(tmp);
        }
    }

    /** The {@code .sha256} file beside {@code file}. */
    static Path checksumOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
