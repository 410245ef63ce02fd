package org.idvbatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.idvbatch.RejectedInputException;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ExitCode;
import org.idvbatch.compliance.Erasure;
import org.idvbatch.copydeletion.ProviderCopyDeletion;
import org.idvbatch.compliance.SessionSelection;
import org.idvbatch.identity.IdentityHasher;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code erase}: a data subject's erasure request. */
@Command(name = "erase", mixinStandardHelpOptions = true,
        description = {"Erases a person's (or an order's, or a session's) data: the evidence is crypto-shredded, the"
                + " ledger's name and ID masks and hashes are blanked, the provider's copies are deleted where the"
                + " provider allows it (by the nightly provider-deletion step). Billing rows stay.",
                "--id-number-file: one ID number per line; each is hashed with the identity key as it is read and"
                        + " never stored, printed or logged.",
                "Audited with --by and --reason, without personal data. Exit 2, with nothing erased, for a session"
                        + " under legal hold (named), an unknown session, or an order without sessions."})
class EraseCommand extends ContextCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static class Which {
        @Option(names = "--id-number-file", paramLabel = "F",
                description = "A file of ID numbers, one per line (blank lines ignored).")
        Path idNumberFile;

        @Option(names = "--session", paramLabel = "ID", description = "A session (repeatable).")
        List<Long> sessions;

        @Option(names = "--merchant-biz-id", paramLabel = "X",
                description = "Every session of this order (repeatable).")
        List<String> merchantBizIds;
    }

    @picocli.CommandLine.Mixin
    WhoAndWhy request;

    @picocli.CommandLine.Mixin
    JsonOutput json;

    EraseCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        SessionSelection selection = which.sessions != null ? SessionSelection.sessions(which.sessions)
                : which.merchantBizIds != null ? SessionSelection.orders(which.merchantBizIds)
                : SessionSelection.people(hashes(which.idNumberFile, ctx.getBean(IdentityHasher.class)));
        Erasure.Result r = ctx.getBean(Erasure.class).erase(selection, request.by, request.reason);
        // committed: now the provider copies, where the provider has an API (the nightly step retries failures)
        Map<String, Integer> copies = r.sessions().isEmpty() ? Map.of()
                : ctx.getBean(ProviderCopyDeletion.class).deleteNow(request.by.strip(), r.sessions());
        if (json.wanted) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("erased", r.sessions());
            doc.put("erasedBefore", r.erasedBefore());
            doc.put("objectsShredded", r.objectsShredded());
            doc.put("sessionsByProvider", r.byProvider());
            doc.put("providerCopies", copies);
            if (which.idNumberFile != null) {
                doc.put("idNumbers", r.idNumbers());
            }
            json.print(out, doc);
            return ExitCode.OK;
        }
        if (which.idNumberFile != null) {
            out.println(r.idNumbers() + " ID number" + (r.idNumbers() == 1 ? "" : "s") + " looked up by keyed hash");
        }
        out.println("erased " + r.sessions().size() + " session" + (r.sessions().size() == 1 ? "" : "s")
                + (r.sessions().isEmpty() ? "" : ": " + r.sessions())
                + (r.erasedBefore().isEmpty() ? "" : " (erased before: " + r.erasedBefore() + ")")
                + "; " + r.objectsShredded() + " evidence objects crypto-shredded; masks and hashes blanked");
        r.byProvider().forEach((provider, n) -> out.println("  " + provider + ": " + n + " session"
                + (n == 1 ? "" : "s") + ", provider copy: " + providerCopy(provider)));
        if (!copies.isEmpty()) {
            out.println("provider copies: " + copies + " (receipts in provider_deletion; a deletion is confirmed"
                    + " by the nightly's read of the result once the provider no longer returns it)");
        }
        return ExitCode.OK;
    }

    private static String providerCopy(String provider) {
        return switch (provider) {
            case "aliyun-cloudauth", "aliyun-idv" -> "deleted through the provider's API now (a call without an"
                    + " answer again by the nightly provider-deletion step)";
            case "tencent-faceid" -> "no deletion API; Tencent forgets results 3 days after the BizToken";
            default -> "no deletion API; the provider keeps it for its own retention";
        };
    }

    /** Reads the file line by line, hashing each number at once; the plain numbers go nowhere else. */
    static List<String> hashes(Path file, IdentityHasher hasher) {
        Set<String> out = new LinkedHashSet<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                if (line.strip().length() > 64 || line.strip().chars().anyMatch(Character::isWhitespace)) {
                    // the value itself is never repeated in a message
                    throw new RejectedInputException("--id-number-file " + file + " line " + n
                            + ": not one ID number (whitespace inside, or longer than 64 characters)");
                }
                out.add(hasher.hash(line));
            }
        } catch (NoSuchFileException e) {
            throw new RejectedInputException("--id-number-file: no such file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --id-number-file " + file, e);
        }
        if (out.isEmpty()) {
            throw new RejectedInputException("--id-number-file " + file + ": no ID number in it");
        }
        return new ArrayList<>(out);
    }
}
