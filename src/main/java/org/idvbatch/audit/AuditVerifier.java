package org.idvbatch.audit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.idvbatch.audit.AuditChains.Head;
import org.idvbatch.audit.AuditDigests.Entry;
import org.idvbatch.audit.AuditDigests.Read;
import org.idvbatch.audit.AuditDigests.Recorded;
import org.idvbatch.audit.ChainBreak.Kind;
import org.springframework.stereotype.Component;

/**
 * audit-verify: reads the digests (each object's SHA-256 against its record and the next digest's link, its
 * signature against the signing key), recomputes every chain from the last digest before {@code from} (or from its
 * anchor), and compares the chains with every authentic digest. Each break is named once: the chain's own breaks
 * first, then, per table, the first digest whose head the chain no longer reaches (a chain rewritten whole, with
 * its hashes recomputed, shows only there).
 */
@Component
public class AuditVerifier {

    private final AuditChains chains;
    private final AuditDigests digests;

    AuditVerifier(AuditChains chains, AuditDigests digests) {
        this.chains = chains;
        this.digests = digests;
    }

    public AuditVerification verify(LocalDate from) {
        Optional<Recorded> start = from == null ? Optional.empty() : digests.before(from);
        List<Recorded> recorded = digests.recorded(start.map(Recorded::date).orElse(from));
        List<ChainBreak> breaks = new ArrayList<>();
        List<Read> authentic = new ArrayList<>();
        byte[] previous = null;
        for (Recorded r : recorded) {
            Optional<Read> read = digests.read(r);
            String date = r.date().toString();
            if (read.isEmpty()) {
                breaks.add(new ChainBreak("audit_digest", 0, date, Kind.DELETED, date,
                        "the digest object or its signature is gone from the archive store"));
            } else if (!Arrays.equals(AuditDigests.sha256(read.get().bytes()), r.sha256())) {
                breaks.add(new ChainBreak("audit_digest", 0, date, Kind.FORGED, date,
                        "the object is not the digest written (its SHA-256 differs from the one recorded)"));
            } else if (!digests.verifies(read.get())) {
                breaks.add(new ChainBreak("audit_digest", 0, date, Kind.FORGED, date,
                        "its signature does not verify with the audit signing key"));
            } else if (read.get().tables() == null) {
                breaks.add(new ChainBreak("audit_digest", 0, date, Kind.FORGED, date, "unreadable digest"));
            } else if (previous != null && !AuditChains.HEX.formatHex(previous).equals(read.get().previousSha256())) {
                breaks.add(new ChainBreak("audit_digest", 0, date, Kind.FORGED, date,
                        "it does not chain the digest before it"));
            } else {
                authentic.add(read.get());
            }
            previous = r.sha256();
        }

        Map<String, Head> heads = chains.heads();
        Optional<Read> startDigest = start.flatMap(s -> authentic.stream().filter(a -> a.recorded().date().equals(s.date()))
                .findFirst());
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Head head : heads.values()) {
            long fromSeq = head.anchorSeq();
            byte[] fromHash = head.anchorHash();
            Entry entry = startDigest.map(d -> d.tables().get(head.table())).orElse(null);
            if (entry != null && entry.seq() > head.anchorSeq()) {
                fromSeq = entry.seq();
                fromHash = entry.head();
            }
            List<ChainBreak> found = chains.walk(head, fromSeq, fromHash, seq -> covering(authentic, head.table(),
                    seq));
            breaks.addAll(found);
            rows.put(head.table(), Math.max(0, head.seq() - fromSeq));
            long firstBreak = found.stream().mapToLong(b -> b.seq() == 0 ? Long.MAX_VALUE : b.seq()).min()
                    .orElse(Long.MAX_VALUE);
            for (Read d : authentic) {
                Entry e = d.tables().get(head.table());
                if (e == null || e.seq() < head.anchorSeq() || e.seq() >= firstBreak) {
                    continue;
                }
                byte[] actual = e.seq() == head.anchorSeq() ? head.anchorHash() : chains.hashAt(head.table(), e.seq());
                String date = d.recorded().date().toString();
                if (actual == null) {
                    Kind kind = e.seq() > 0 && chains.empty(head.table()) ? Kind.TRUNCATED : Kind.DELETED;
                    breaks.add(new ChainBreak(head.table(), e.seq(), "#" + e.seq(), kind, date,
                            "the digest counts rows up to #" + e.seq() + "; the chain ends at #" + head.seq()));
                    break;
                }
                if (!Arrays.equals(actual, e.head())) {
                    breaks.add(new ChainBreak(head.table(), e.seq(), "#" + e.seq(), Kind.MODIFIED, date,
                            "the row's hash is not the head the digest signed (the chain was rewritten)"));
                    break;
                }
            }
        }
        return new AuditVerification(from, rows, recorded.size(), List.copyOf(breaks));
    }

    /** The first authentic digest that counts position {@code seq} of {@code table}: the first to disagree. */
    private static String covering(List<Read> authentic, String table, long seq) {
        for (Read d : authentic) {
            Entry e = d.tables().get(table);
            if (e != null && e.seq() >= seq) {
                return d.recorded().date().toString();
            }
        }
        return null;
    }
}
