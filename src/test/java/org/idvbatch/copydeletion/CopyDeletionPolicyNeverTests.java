package org.idvbatch.copydeletion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.compliance.Erasure;
import org.idvbatch.compliance.SessionSelection;
import org.idvbatch.harvest.HarvestRunner;
import org.idvbatch.harvest.SandboxHarvestSupport;
import org.idvbatch.harvest.SandboxHarvestTests;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** {@code idv.copy-deletion.policy.<provider>: never}: archived sessions keep their provider copy; erasures do not. */
@TestPropertySource(properties = "idv.copy-deletion.policy.aliyun-cloudauth=never")
class CopyDeletionPolicyNeverTests extends SandboxHarvestTests {

    @Autowired
    HarvestRunner harvest;
    @Autowired
    ProviderCopyDeletion deletion;
    @Autowired
    Erasure erasure;
    @Autowired
    JdbcClient jdbc;

    @Test
    void neverKeepsTheArchivedSessionsCopyButAnErasureStillDeletesIt() throws Exception {
        LedgerFixtures.clear(jdbc);
        Instant created = SANDBOX.clock().now().minus(Duration.ofHours(1));
        long ca = SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001",
                "never-ca", null, created, Outcome.PASS, created.plus(Duration.ofMinutes(1)));
        long idv = SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.ALIYUN_IDV, "IdVerification", "eKYC",
                "never-idv", null, created, Outcome.PASS, created.plus(Duration.ofMinutes(1)));
        harvest.run();

        assertThat(deletion.deleteNow("test", null)).as("ID Verification keeps the default")
                .isEqualTo(Map.of("DELETED", 2));
        assertThat(SANDBOX.sessions().isDeleted(Provider.ALIYUN_CLOUDAUTH, "never-ca", "ALL")).isFalse();
        assertThat(SANDBOX.sessions().isDeleted(Provider.ALIYUN_IDV, "never-idv", "Text")).isTrue();

        erasure.erase(SessionSelection.sessions(List.of(ca)), "dpo", "request R-12");
        assertThat(deletion.deleteNow("dpo", List.of(ca))).isEqualTo(Map.of("DELETED", 1));
        assertThat(SANDBOX.sessions().isDeleted(Provider.ALIYUN_CLOUDAUTH, "never-ca", "ALL")).isTrue();
        assertThat(jdbc.sql("SELECT cause FROM provider_deletion WHERE session_id = ?").param(ca).query(String.class)
                .single()).isEqualTo("ERASURE");
        assertThat(idv).isPositive();
    }
}
