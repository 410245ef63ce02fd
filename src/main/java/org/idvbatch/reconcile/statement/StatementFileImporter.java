package org.idvbatch.reconcile.statement;

import org.idvbatch.time.BusinessDay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.Provider;
import org.springframework.stereotype.Service;

/**
 * {@code import-statement [--provider X] FILE}: reads a console export whole, checks every line, and only then
 * stores it (see {@link StatementStore}). The provider is given, or is the file name's leading token
 * ({@code tencent-faceid-statement-2026-11-20.csv}).
 */
@Service
public class StatementFileImporter {


    private final StatementStore store;
    private final Clock clock;

    StatementFileImporter(StatementStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param providerCode the provider, or null to take it from the file name
     * @throws RejectedInputException naming line and column; nothing was stored
     */
    public ImportedStatement importFile(Path file, String providerCode) {
        String name = file.getFileName().toString();
        String source = name;
        Provider provider = provider(providerCode, name);
        byte[] bytes = read(file);
        SheetReader.Content content = SheetReader.read(bytes, source);
        LocalDate today = BusinessDay.today(clock).date();
        StatementPeriodRule period = new StatementPeriodRule(source, name, today);
        StatementParser parser = new StatementParser(provider, source, period);
        List<StatementRow> rows = parser.parse(content.rows());
        if (rows.isEmpty()) { // a day (or month) without use: the period is the file name's
            return store.store(new ParsedStatement(provider, "file", name, sha256(bytes), content.encoding(),
                    period.namedFrom(), period.namedTo(), rows, parser.totalled()));
        }
        return store.store(ParsedStatement.ofRows(provider, "file", name, sha256(bytes), content.encoding(),
                rows, parser.totalled()));
    }

    private static Provider provider(String code, String fileName) {
        return provider(code, fileName, "tencent-faceid-statement-2026-11-20.csv");
    }

    /**
     * The provider a file is for: {@code --provider}, else the provider code its name starts with.
     *
     * @param example a file name that would be recognised, for the refusal's message
     */
    public static Provider provider(String code, String fileName, String example) {
        if (code != null) {
            return Provider.fromCode(code).orElseThrow(() -> new RejectedInputException(fileName + ": --provider '"
                    + code + "' is not a known provider (known: " + Provider.knownCodes() + ")"));
        }
        return Arrays.stream(Provider.values()).sorted(Comparator.comparing(p -> -p.code().length()))
                .filter(p -> fileName.startsWith(p.code() + "-") || fileName.startsWith(p.code() + "_")
                        || fileName.startsWith(p.code() + "."))
                .findFirst()
                .orElseThrow(() -> new RejectedInputException(fileName + ": unknown provider: the file name does not"
                        + " start with a provider code and no --provider was given (known: " + Provider.knownCodes()
                        + "; e.g. " + example + ")"));
    }

    private static byte[] read(Path file) {
        return read(file, "a statement file");
    }

    /** The file's bytes; a missing, unreadable file or a directory is refused naming it ({@code kind}: what it should be). */
    public static byte[] read(Path file, String kind) {
        if (Files.isDirectory(file)) {
            throw new RejectedInputException(file + ": is a directory, not " + kind);
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new RejectedInputException(file + ": no such file");
        } catch (IOException e) {
            throw new RejectedInputException(file + ": cannot be read: " + e.getMessage());
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
