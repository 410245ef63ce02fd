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
 * Publishes a workbook atomically: written under a temporary name in the target directory, forced to
 * disk, renamed over any earlier file, then its SHA-256 written beside it the same way.
 */
final class WorkbookFile {

    private WorkbookFile() {
    }

    static String publish(Workbook workbook, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        MessageDigest sha256 = sha256();
        try {
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha256)) {
                workbook.write(out);
            }
            force(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        String hex = HexFormat.of().formatHex(sha256.digest());
        Path sumTmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".sha256.tmp");
        Files.writeString(sumTmp, hex + "  " + target.getFileName() + "\n", StandardCharsets.UTF_8);
        force(sumTmp);
        Files.move(sumTmp, target.resolveSibling(target.getFileName() + ".sha256"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        return hex;
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
