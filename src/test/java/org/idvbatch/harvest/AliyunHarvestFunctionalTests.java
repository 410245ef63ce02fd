package org.idvbatch.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The harvest job against the sandbox's Alibaba APIs over real HTTP through tea-openapi: Cloudauth with
 * ACS3 signatures, legacy saf with HMAC-SHA1 RPC signatures, ID Verification.
 */
class AliyunHarvestFunctionalTests extends SandboxHarvestTests {

    @DynamicPropertySource
    static void legacySignature(DynamicPropertyRegistry r) {
        r.add("idv.providers.aliyun-saf.accounts.default.signature", () -> "v2");
    }

    @Autowired
    HarvestRunner harvest;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
        for (Provider p : Provider.values()) {
            SANDBOX.faults(p, FaultSettings.none());
        }
        SANDBOX.picturesDeleted(false);
    }

    @Test
    void picturesTheProviderNoLongerHasKeepTheVerdictAndBillingAndMarkTheEvidenceMissing() throws Exception {
        Instant created = SANDBOX.clock().now().minus(Duration.ofHours(1));
        cloudauth("ca-gone-pass1", created, Outcome.PASS);
        cloudauth("ca-gone-fail1", created, Outcome.NOT_SAME_PERSON);
        SANDBOX.picturesDeleted(true); // the picture URLs are valid, but answer 404 NoSuchKey

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(states()).containsEntry("ca-gone-pass1", "PASSED MISSING")
                .containsEntry("ca-gone-fail1", "FAILED MISSING");
        assertThat(jdbc.sql("SELECT count(*) FROM billable_call WHERE billable").query(Long.class).single())
                .as("the verifications are still billed").isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_archive").query(Long.class).single()).isZero();
        assertThat(HarvestTally.of(run.getStepExecutions().stream().filter(s -> s.getStepName().equals("harvest-query"))
                .findFirst().orElseThrow().getExecutionContext())).containsEntry("evidence_gone", 2L)
                .doesNotContainKey("evidence");
    }

    @Test
    void cloudauthSafAndIdVerificationVerdictsAreHarvestedWithTheirEvidence() throws Exception {
        Instant created = SANDBOX.clock().now().minus(Duration.ofHours(1));
        cloudauth("ca-pass-0001", created, Outcome.PASS);
        cloudauth("ca-notsame-01", created, Outcome.NOT_SAME_PERSON);
        cloudauth("ca-inflow-001", created, null);
        saf("saf-pass-0001", created, Outcome.PASS);
        saf("saf-attack-01", created, Outcome.LIVENESS_ATTACK);
        idv("idv-pass-0001", created, Outcome.PASS);
        idv("idv-notsame-1", created, Outcome.NOT_SAME_PERSON);

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(states()).containsEntry("ca-pass-0001", "PASSED ARCHIVED")
                .containsEntry("ca-notsame-01", "FAILED ARCHIVED").containsEntry("ca-inflow-001", "PROCESSING NONE")
                .containsEntry("saf-pass-0001", "PASSED ARCHIVED").containsEntry("saf-attack-01", "FAILED NONE")
                .containsEntry("idv-pass-0001", "PASSED ARCHIVED").containsEntry("idv-notsame-1", "FAILED ARCHIVED");
        assertThat(jdbc.sql("SELECT failure_reason FROM verification_session WHERE provider_ref = 'ca-notsame-01'")
                .query(String.class).single()).isEqualTo("NOT_SAME_PERSON");
        assertThat(jdbc.sql("SELECT count(*) FROM billable_call WHERE billable").query(Long.class).single())
                .as("one billable verification per completed session").isEqualTo(6);
    }

    @Test
    void throttlingSlowsThePaceAndLosesNothing() throws Exception {
        Instant created = SANDBOX.clock().now().minus(Duration.ofHours(1));
        for (int i = 0; i < 30; i++) {
            cloudauth("ca-throttle-" + i, created, Outcome.PASS);
        }
        SANDBOX.quotas().limit(SandboxHarvestSupport.ID, "DescribeFaceVerify", 10);
        try {
            JobExecution run = harvest.run();

            assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(states().values()).hasSize(30).containsOnly("PASSED ARCHIVED");
            Map<String, Long> tally = HarvestTally.of(run.getStepExecutions().stream()
                    .filter(s -> s.getStepName().equals("harvest-query")).findFirst().orElseThrow()
                    .getExecutionContext());
            assertThat(tally.get("throttled")).as("the sandbox throttled and we slowed down").isPositive();
            assertThat(tally.get("state.PASSED")).isEqualTo(30);
        } finally {
            SANDBOX.quotas().limit(SandboxHarvestSupport.ID, "DescribeFaceVerify", 100_000);
        }
    }

    @Test
    void serverErrorsWithLatencyAreRetriedUntilAnswered() throws Exception {
        Instant created = SANDBOX.clock().now().minus(Duration.ofHours(1));
        for (int i = 0; i < 20; i++) {
            cloudauth("ca-slow-" + i, created, Outcome.PASS);
        }
        SANDBOX.faults(Provider.ALIYUN_CLOUDAUTH, new FaultSettings(0.2, 0, 20, 0, 0, 0, 0, 0));

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(states().values()).hasSize(20).containsOnly("PASSED ARCHIVED");
    }

    private void cloudauth(String ref, Instant created, Outcome outcome) {
        SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", ref, null,
                created, outcome, outcome == null ? null : created.plus(Duration.ofMinutes(1)));
    }

    private void saf(String ref, Instant created, Outcome outcome) {
        SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.ALIYUN_SAF, "face_verify", "face_verify", ref,
                "ZSTP" + ref, created, outcome, created.plus(Duration.ofMinutes(1)));
    }

    private void idv(String ref, Instant created, Outcome outcome) {
        SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.ALIYUN_IDV, "IdVerification", "eKYC", ref, null,
                created, outcome, created.plus(Duration.ofMinutes(1)));
    }

    private Map<String, String> states() {
        Map<String, String> m = new TreeMap<>();
        jdbc.sql("SELECT provider_ref, state || ' ' || evidence_status FROM verification_session")
                .query((rs, i) -> m.put(rs.getString(1), rs.getString(2))).list();
        return m;
    }
}
