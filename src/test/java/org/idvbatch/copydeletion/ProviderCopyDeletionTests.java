package org.idvbatch.copydeletion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.compliance.Erasure;
import org.idvbatch.compliance.LegalHolds;
import org.idvbatch.compliance.SessionSelection;
import org.idvbatch.harvest.HarvestRunner;
import org.idvbatch.harvest.SandboxHarvestSupport;
import org.idvbatch.harvest.SandboxHarvestTests;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.ResultClients;
import org.idvbatch.provider.SessionRef;
import org.idvbatch.provider.Verdict;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deleting the provider's copy against the sandbox's Alibaba APIs over real HTTP (tea-openapi): after a verified
 * archive, never for a held session or an archive that does not verify, with a receipt per call.
 */
class ProviderCopyDeletionTests extends SandboxHarvestTests {

    @Autowired
    HarvestRunner harvest;
    @Autowired
    ProviderCopyDeletion deletion;
    @Autowired
    LegalHolds holds;
    @Autowired
    Erasure erasure;
    @Autowired
    ResultClients results;
    @Autowired
    JdbcClient jdbc;

    Instant created;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
        for (Provider p : Provider.values()) {
            SANDBOX.faults(p, FaultSettings.none());
        }
        created = SANDBOX.clock().now().minus(Duration.ofHours(1));
    }

    @Test
    void archivedAlibabaSessionsLoseTheirProviderCopyWithAReceiptPerCallAndTencentKeepsIts() throws Exception {
        long ca = session(Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", "del-ca-1", Outcome.PASS);
        long idv = session(Provider.ALIYUN_IDV, "IdVerification", "eKYC", "del-idv-1", Outcome.NOT_SAME_PERSON);
        long tc = session(Provider.TENCENT_FACEID, "FaceID", "1", "del-tc-1", Outcome.PASS);
        assertThat(harvest.run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.sql("SELECT count(*) FROM verification_session WHERE evidence_status = 'ARCHIVED'")
                .query(Long.class).single()).isEqualTo(3);

        Map<String, Integer> done = deletion.deleteNow("test", null);

        assertThat(done).isEqualTo(Map.of("DELETED", 3));
        assertThat(receipts()).as("the nearest provider deadline first").containsExactly(
                idv + " DeleteVerifyResult Img AFTER_ARCHIVE DELETED",
                idv + " DeleteVerifyResult Text AFTER_ARCHIVE DELETED",
                ca + " DeleteFaceVerifyResult - AFTER_ARCHIVE DELETED");
        assertThat(jdbc.sql("SELECT count(*) FROM provider_deletion WHERE request_id IS NULL OR request_id = ''")
                .query(Long.class).single()).as("each receipt keeps the provider's RequestId").isZero();
        assertThat(query(ca).verdict()).as("DescribeFaceVerify: gone").isEqualTo(Verdict.NOT_FOUND);
        assertThat(query(idv).verdict()).as("CheckResult: ID Verification deletes asynchronously")
                .isEqualTo(Verdict.FAILED);
        SANDBOX.clock().advance(org.idvbatch.sandbox.SandboxState.DEFAULT_IDV_DELETION_DELAY);
        try {
            assertThat(query(idv).verdict()).as("CheckResult: gone once done").isEqualTo(Verdict.NOT_FOUND);
        } finally {
            SANDBOX.clock().set(Instant.now());
        }
        assertThat(query(tc).verdict()).as("Tencent has no deletion API").isEqualTo(Verdict.PASSED);

        assertThat(deletion.deleteNow("test", null)).as("nothing due twice").isEmpty();
    }

    @Test
    void heldSessionsAndArchivesThatDoNotVerifyKeepTheirProviderCopy() throws Exception {
        long held = session(Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", "del-held", Outcome.PASS);
        long altered = session(Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", "del-alt", Outcome.PASS);
        long fine = session(Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", "del-fine", Outcome.PASS);
        harvest.run();
        holds.place(SessionSelection.sessions(List.of(held)), "alice", "dispute");
        Path object = Path.of("target/test-data/archive").resolve(jdbc.sql(
                "SELECT object_key FROM evidence_archive WHERE session_id = ? LIMIT 1").param(altered)
                .query(String.class).single());
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length / 2] ^= 1;
        Files.write(object, bytes);

        ProviderCopyDeletion.Batch b = deletion.deleteBatch("test", SANDBOX.clock().now(), List.of(), null);

        assertThat(b.outcomes()).isEqualTo(Map.of("DELETED", 1));
        assertThat(b.skipped()).containsExactly(altered);
        assertThat(b.exceptions()).singleElement().asString().contains("session " + altered)
                .contains("archive is not verified").contains("was altered");
        assertThat(receipts()).containsExactly(fine + " DeleteFaceVerifyResult - AFTER_ARCHIVE DELETED");
        assertThat(query(held).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(query(altered).verdict()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void refusalIsAReceiptAndAnExceptionAndIsNotAskedAgain() throws Exception {
        long neverQueried = session(Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", "del-unq", Outcome.PASS);
        // the ledger says final with nothing to archive, but this system never asked the provider for the result
        jdbc.sql("UPDATE verification_session SET state = 'PASSED', evidence_status = 'MISSING' WHERE id = ?")
                .param(neverQueried).update();

        ProviderCopyDeletion.Batch b = deletion.deleteBatch("test", SANDBOX.clock().now(), List.of(), null);

        assertThat(b.outcomes()).isEqualTo(Map.of("REFUSED", 1));
        assertThat(b.exceptions()).singleElement().asString()
                .contains("aliyun-cloudauth refused DeleteFaceVerifyResult: NEED_QUERY_VERIFY_RESULT (RequestId ");
        assertThat(jdbc.sql("SELECT fail_reason FROM provider_deletion").query(String.class).single())
                .isEqualTo("NEED_QUERY_VERIFY_RESULT");
        assertThat(deletion.deleteNow("test", null)).as("a refusal is final").isEmpty();
    }

    @Test
    void erasureDeletesTheCopyEvenOfAResultNeverQueried() throws Exception {
        long open = session(Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", "del-erase", Outcome.PASS);

        erasure.erase(SessionSelection.sessions(List.of(open)), "dpo", "request R-9");
        Map<String, Integer> done = deletion.deleteNow("dpo", List.of(open));

        assertThat(done).isEqualTo(Map.of("DELETED", 1));
        assertThat(receipts()).containsExactly(open + " DeleteFaceVerifyResult - ERASURE DELETED");
        assertThat(SANDBOX.sessions().isDeleted(Provider.ALIYUN_CLOUDAUTH, "del-erase", "ALL")).isTrue();
    }

    @Test
    void callsWithoutAnAnswerLeaveAFailedReceiptAndAreTriedAgainByTheNextRun() throws Exception {
        long s = session(Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", "del-down", Outcome.PASS);
        harvest.run();
        SANDBOX.faults(Provider.ALIYUN_CLOUDAUTH, new FaultSettings(1.0, 0, 0, 0, 0, 0, 0, 0));

        Map<String, Integer> first = deletion.deleteNow("test", null);
        SANDBOX.faults(Provider.ALIYUN_CLOUDAUTH, FaultSettings.none());
        Map<String, Integer> next = deletion.deleteNow("test", null);

        assertThat(first).isEqualTo(Map.of("FAILED", 1));
        assertThat(next).isEqualTo(Map.of("DELETED", 1));
        assertThat(receipts()).containsExactly(s + " delete - AFTER_ARCHIVE FAILED",
                s + " DeleteFaceVerifyResult - AFTER_ARCHIVE DELETED");
        assertThat(jdbc.sql("SELECT copy_settled_at IS NOT NULL FROM verification_session WHERE id = ?").param(s)
                .query(Boolean.class).single()).as("settled by the answer, not by the failure").isTrue();
        assertThat(deletion.deleteNow("test", null)).as("a settled copy is not asked for again").isEmpty();
        assertThat(jdbc.sql("SELECT provider || ' ' || outcome || ' ' || sessions FROM provider_copy_tally ORDER BY 1")
                .query(String.class).list()).as("the Evidence page's figures, as the receipts count them")
                .containsExactly("aliyun-cloudauth DELETED 1", "aliyun-cloudauth FAILED 1")
                .isEqualTo(jdbc.sql("""
                        SELECT provider || ' ' || outcome || ' ' || count(DISTINCT session_id) FROM provider_deletion
                         GROUP BY provider, outcome ORDER BY 1""").query(String.class).list());
    }

    @Test
    void nightlyStepAfterTheArchiveDeletesAndReportsARefusalAsAFindingWithoutFailingTheNight() throws Exception {
        long ok = session(Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", "del-night-ok", Outcome.PASS);
        long refused = session(Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", "del-night-no", Outcome.PASS);
        harvest.run();
        // as if the sandbox had lost track of the query: it answers NEED_QUERY_VERIFY_RESULT for this one
        jdbc.sql("UPDATE verification_session SET evidence_status = 'MISSING' WHERE id = ?").param(refused).update();
        jdbc.sql("DELETE FROM evidence_archive WHERE session_id = ?").param(refused).update();
        SANDBOX.sessions().register(new org.idvbatch.sandbox.SessionSpec(Provider.ALIYUN_CLOUDAUTH,
                SandboxHarvestSupport.ID, "FaceVerify", "1000001", "order-x", "del-night-unq", null, created, "张三",
                "33010319900307100X", null, Outcome.PASS, created.plus(Duration.ofMinutes(1)), null));
        jdbc.sql("UPDATE verification_session SET provider_ref = 'del-night-unq' WHERE id = ?").param(refused).update();

        org.idvbatch.nightly.NightlyOutcome night = nightly.run(java.time.LocalDate.now(
                org.idvbatch.time.BusinessDay.ZONE).minusDays(1), true);

        assertThat(night.execution().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<String> steps = night.execution().getStepExecutions().stream()
                .map(org.springframework.batch.core.step.StepExecution::getStepName).toList();
        assertThat(steps.indexOf("provider-deletion")).as("right after the archive's last phase")
                .isEqualTo(steps.indexOf("archive-verify") + 1);
        var step = night.execution().getStepExecutions().stream()
                .filter(x -> x.getStepName().equals("provider-deletion")).findFirst().orElseThrow();
        assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(step.getExitStatus().getExitCode()).isEqualTo("FINDINGS");
        assertThat(step.getExitStatus().getExitDescription()).contains("deleted=1").contains("refused=1");
        assertThat(step.getExecutionContext().getString(org.idvbatch.batch.BatchNames.COPY_DELETION_EXCEPTIONS))
                .contains("session " + refused).contains("NEED_QUERY_VERIFY_RESULT");
        assertThat(receipts()).containsExactlyInAnyOrder(ok + " DeleteFaceVerifyResult - AFTER_ARCHIVE DELETED",
                refused + " DeleteFaceVerifyResult - AFTER_ARCHIVE REFUSED");
    }

    @Autowired
    org.idvbatch.nightly.NightlyRunner nightly;

    private long session(Provider p, String product, String scene, String ref, Outcome outcome) {
        return SandboxHarvestSupport.session(SANDBOX, jdbc, p, product, scene, ref, null, created, outcome,
                created.plus(Duration.ofMinutes(1)));
    }

    private ProviderOutcome query(long session) throws Exception {
        SessionRef ref = jdbc.sql("""
                SELECT id, provider, account, product, scene, merchant_biz_id, provider_ref, provider_ref_aux,
                       created_at, retention_deadline, attempts FROM verification_session WHERE id = ?""")
                .param(session).query((rs, i) -> new SessionRef(rs.getLong(1),
                        Provider.fromCode(rs.getString(2)).orElseThrow(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant(), rs.getInt(11))).single();
        return results.forAccount(ref.provider(), ref.account()).query(ref);
    }

    private List<String> receipts() {
        return jdbc.sql("""
                SELECT session_id || ' ' || action || ' ' || coalesce(delete_type, '-') || ' ' || cause || ' '
                       || outcome FROM provider_deletion ORDER BY id""").query(String.class).list();
    }
}
