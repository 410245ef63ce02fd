package org.idvbatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.TestCommands;
import org.idvbatch.archive.store.ObjectStore;
import org.idvbatch.audit.ChainBreak.Kind;
import org.idvbatch.command.ExitCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * An insider with the database's superuser (every trigger off) and write access to the archive store rewrites the
 * audit trail; {@code audit-verify} names each change: table, row, kind and the first digest that disagrees.
 */
@IdvIntegrationTest
class AuditVerifyTamperTests {

    static final Instant T0 = Instant.parse("2026-11-02T01:00:00Z");
    static final LocalDate DAY1 = LocalDate.of(2026, 11, 2);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 3);

    @Autowired
    EmbeddedPostgres pg;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager txManager;
    @Autowired
    ObjectStore store;
    @Autowired
    AuditDigests digests;
    @Autowired
    AuditVerifier verifier;

    AuditTrail trail;
    List<Long> actions;

    @BeforeEach
    void aTrailWithTwoDigests() {
        trail = new AuditTrail(jdbc, txManager);
        trail.empty(store);
        for (int i = 0; i < 5; i++) {
            trail.operatorAction(T0.plusSeconds(i), "ticket " + i);
            trail.consoleAudit(T0.plusSeconds(i));
        }
        trail.evidenceAudit(T0);
        digests.write(DAY1);
        for (int i = 5; i < 8; i++) {
            trail.operatorAction(T0.plusSeconds(86_400 + i), "ticket " + i);
        }
        digests.write(DAY2);
        actions = trail.ids("operator_action");
    }

    @Test
    void anUntouchedTrailIsWholeAndTheCommandExitsZero() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = run(out, err, "audit-verify");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("audit-verify: 14 chained rows in 8 tables checked against 2 digests:"
                + " WHOLE");
        assertThat(jdbc.sql("SELECT seq FROM audit_chain WHERE table_name = 'operator_action'").query(Long.class)
                .single()).isEqualTo(8);
    }

    @Test
    void updatingAReasonIsNamedModifiedAtItsRowWithTheFirstDigestThatCountsIt() {
        long second = actions.get(1);
        trail.asInsider("UPDATE operator_action SET reason = 'nothing to see' WHERE id = " + second);

        assertThat(verifier.verify(null).breaks()).containsExactly(new ChainBreak("operator_action", 2, "" + second,
                Kind.MODIFIED, DAY1.toString(), "its content no longer hashes to its recorded row_hash"));
        StringWriter out = new StringWriter();
        assertThat(run(out, new StringWriter(), "audit-verify", "--json")).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(out.toString()).startsWith("{\"from\":null,\"whole\":false,").contains("\"table\":\"operator_action\","
                + "\"seq\":2,\"row\":\"" + second + "\",\"kind\":\"modified\",\"digest\":\"2026-11-02\"");
    }

    @Test
    void aConfirmingReadRewrittenToConfirmedBySuperuserIsNamedModifiedAtItsRow() {
        LocalDate day3 = DAY2.plusDays(1);
        long read = trail.confirmationRead(T0.plusSeconds(2 * 86_400), "DATA_RETURNED");
        digests.write(day3);
        assertThat(verifier.verify(null).breaks()).isEmpty();

        // the read still returned the personal data; an insider makes it say the deletion was confirmed
        trail.asInsider("UPDATE provider_deletion_check SET outcome = 'CONFIRMED', code = 'InvalidParameter.TransactionId'"
                + " WHERE id = " + read);

        assertThat(verifier.verify(null).breaks()).containsExactly(new ChainBreak("provider_deletion_check", 1,
                "" + read, Kind.MODIFIED, day3.toString(), "its content no longer hashes to its recorded row_hash"));
        StringWriter out = new StringWriter();
        assertThat(run(out, new StringWriter(), "audit-verify")).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(out.toString()).contains("provider_deletion_check").contains("" + read);
    }

    @Test
    void deletingARowInTheMiddleIsNamedDeleted() {
        trail.asInsider("DELETE FROM operator_action WHERE id = " + actions.get(5));

        assertThat(verifier.verify(null).breaks()).extracting(ChainBreak::table, ChainBreak::row, ChainBreak::kind,
                ChainBreak::digest).containsExactly(org.assertj.core.groups.Tuple.tuple("operator_action", "#6",
                Kind.DELETED, DAY2.toString()));
    }

    @Test
    void deletingTheNewestRowsAfterADigestAndRewindingTheHeadIsNamedByThatDigest() {
        trail.asInsider("DELETE FROM operator_action WHERE chain_seq > 6",
                "UPDATE audit_chain SET seq = 6, head = (SELECT row_hash FROM operator_action WHERE chain_seq = 6)"
                        + " WHERE table_name = 'operator_action'");

        assertThat(verifier.verify(null).breaks()).extracting(ChainBreak::table, ChainBreak::seq, ChainBreak::kind,
                ChainBreak::digest).containsExactly(org.assertj.core.groups.Tuple.tuple("operator_action", 8L,
                Kind.DELETED, DAY2.toString()));
    }

    @Test
    void deletingTheNewestRowsAloneIsNamedDeletedFromTheFirstMissing() {
        trail.asInsider("DELETE FROM operator_action WHERE chain_seq > 6");

        assertThat(verifier.verify(null).breaks()).extracting(ChainBreak::row, ChainBreak::kind, ChainBreak::digest)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("#7..#8", Kind.DELETED, DAY2.toString()));
    }

    @Test
    void exchangingTwoRowsIdsIsNamedReordered() {
        long a = actions.get(2);
        long b = actions.get(3);
        trail.asInsider("UPDATE operator_action SET id = -1 WHERE id = " + a,
                "UPDATE operator_action SET id = " + a + " WHERE id = " + b,
                "UPDATE operator_action SET id = " + b + " WHERE id = -1");

        assertThat(verifier.verify(null).breaks()).extracting(ChainBreak::seq, ChainBreak::row, ChainBreak::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, "" + b, Kind.REORDERED),
                        org.assertj.core.groups.Tuple.tuple(4L, "" + a, Kind.REORDERED));
    }

    @Test
    void truncatingATableIsNamedTruncatedEvenWithItsHeadReset() {
        trail.asInsider("TRUNCATE console_audit");
        assertThat(verifier.verify(null).breaks()).extracting(ChainBreak::table, ChainBreak::kind, ChainBreak::digest)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("console_audit", Kind.TRUNCATED,
                        DAY1.toString()));

        trail.asInsider("UPDATE audit_chain SET seq = 0, head = audit_genesis() WHERE table_name = 'console_audit'");
        assertThat(verifier.verify(null).breaks()).extracting(ChainBreak::table, ChainBreak::kind, ChainBreak::digest)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("console_audit", Kind.TRUNCATED,
                        DAY1.toString()));
    }

    @Test
    void aChainRewrittenWithItsHashesRecomputedIsNamedByTheDigestItNoLongerReaches() {
        // the insider knows the algorithm: rewrites a reason, then every hash from there on, and the head
        trail.asInsider("UPDATE operator_action SET reason = 'nothing to see' WHERE chain_seq = 2", """
                UPDATE operator_action t SET row_hash = c.hash, prev_hash = coalesce(c.prev, audit_genesis())
                  FROM (SELECT id, hash, lag(hash) OVER (ORDER BY chain_seq) AS prev
                          FROM (SELECT id, chain_seq, audit_chain_agg(audit_content_operator_action(x)) OVER (ORDER BY chain_seq) AS hash
                                  FROM operator_action x) h) c
                 WHERE t.id = c.id
                """, "UPDATE audit_chain SET head = (SELECT row_hash FROM operator_action WHERE chain_seq = 8)"
                + " WHERE table_name = 'operator_action'");

        assertThat(verifier.verify(null).breaks()).extracting(ChainBreak::table, ChainBreak::seq, ChainBreak::kind,
                ChainBreak::digest).containsExactly(org.assertj.core.groups.Tuple.tuple("operator_action", 5L,
                Kind.MODIFIED, DAY1.toString()));
    }

    @Test
    void aReplacedDigestObjectIsNamedForged() throws IOException {
        String key = AuditDigests.objectKey(DAY1);
        String text = read(key).replaceFirst("\"rows\"\\s*:\\s*5", "\"rows\" : 4");
        store.put(key, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));

        assertThat(verifier.verify(null).breaks()).extracting(ChainBreak::table, ChainBreak::row, ChainBreak::kind,
                ChainBreak::detail).containsExactly(org.assertj.core.groups.Tuple.tuple("audit_digest",
                DAY1.toString(), Kind.FORGED,
                "the object is not the digest written (its SHA-256 differs from the one recorded)"));
    }

    @Test
    void aDigestSignedWithAnotherKeyIsNamedForgedEvenWithItsRecordRewritten() throws IOException {
        String key = AuditDigests.objectKey(DAY2);
        byte[] forged = read(key).replaceFirst("\"rows\"\\s*:\\s*8", "\"rows\" : 7").getBytes(StandardCharsets.UTF_8);
        AuditSigningKey other = AuditSigningKey.open(AuditSigningKey.toJson(AuditSigningKey.generate()), null,
                () -> true);
        store.put(key, out -> out.write(forged));
        store.put(key + ".sig", out -> out.write(other.sign(forged)));
        trail.asInsider("UPDATE audit_digest SET digest_sha256 = decode('"
                + AuditChains.HEX.formatHex(AuditDigests.sha256(forged)) + "', 'hex') WHERE business_date = '" + DAY2
                + "'");

        assertThat(verifier.verify(null).breaks()).extracting(ChainBreak::table, ChainBreak::row, ChainBreak::kind,
                ChainBreak::detail).containsExactly(org.assertj.core.groups.Tuple.tuple("audit_digest",
                DAY2.toString(), Kind.FORGED, "its signature does not verify with the audit signing key"));
    }

    @Test
    void fromADateTheChainIsCheckedFromTheDigestBeforeIt() {
        trail.asInsider("UPDATE operator_action SET reason = 'nothing to see' WHERE chain_seq = 2");

        assertThat(verifier.verify(DAY2).breaks()).as("row 2 is before the digest of " + DAY1).isEmpty();
        trail.asInsider("UPDATE operator_action SET reason = 'nothing to see' WHERE chain_seq = 7");
        assertThat(verifier.verify(DAY2).breaks()).extracting(ChainBreak::seq, ChainBreak::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(7L, Kind.MODIFIED));
    }

    private String read(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private int run(StringWriter out, StringWriter err, String... args) {
        return TestCommands.run(TestCommands.against(pg.getJdbcUrl("postgres", "postgres"),
                "idv.archive.root", "target/test-data/archive",
                "idv.archive.kek-file", "target/test-data/keys/archive-kek.json",
                "idv.audit-proof.signing-key-file", "target/test-data/keys/audit-signing.json"), out, err, args);
    }
}
