package org.idvbatch.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.idvbatch.audit.AuditSigningKey;
import org.idvbatch.audit.AuditVerification;
import org.idvbatch.audit.AuditVerifier;
import org.idvbatch.audit.ChainBreak;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ExitCode;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit-verify", mixinStandardHelpOptions = true,
        description = {"Proves the audit trails whole: recomputes every audit table's hash chain and checks it against",
                "the signed daily digests in the archive store. Names each break: table, row, what changed",
                "(modified, deleted, inserted, reordered, truncated; a digest forged) and the first digest that",
                "disagrees. Exit 1 on a break, 0 when whole. --public-key prints the key auditors verify with."})
class AuditVerifyCommand extends ContextCommand {

    @Option(names = "--from", paramLabel = "YYYY-MM-DD",
            description = "Check from the last digest before this business date on (default: everything kept).")
    LocalDate from;

    @Option(names = "--public-key", description = "Print the digests' public key (PEM) and nothing else.")
    boolean publicKey;

    @Mixin
    JsonOutput json;

    AuditVerifyCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        if (publicKey) {
            out.print(ctx.getBean(AuditSigningKey.class).publicKeyPem());
            out.flush();
            return ExitCode.OK;
        }
        AuditVerification v = ctx.getBean(AuditVerifier.class).verify(from);
        if (json.wanted) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("from", from == null ? null : from.toString());
            doc.put("whole", v.whole());
            doc.put("rows", v.rows());
            doc.put("digests", v.digests());
            doc.put("breaks", v.breaks().stream().map(AuditVerifyCommand::asMap).toList());
            json.print(out, doc);
        } else {
            v.lines().forEach(out::println);
        }
        return v.whole() ? ExitCode.OK : ExitCode.JOB_FAILED;
    }

    private static Map<String, Object> asMap(ChainBreak b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", b.table());
        m.put("seq", b.seq());
        m.put("row", b.row());
        m.put("kind", b.kind().name().toLowerCase());
        m.put("digest", b.digest());
        m.put("detail", b.detail());
        return m;
    }
}
