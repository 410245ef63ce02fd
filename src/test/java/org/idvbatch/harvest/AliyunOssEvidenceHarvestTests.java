package org.idvbatch.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.CallLog;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Cloudauth evidence whose picture URL has expired by the time the harvest gets it: the picture is read from
 * the merchant's own OSS bucket (ossBucketName / ossObjectName) with a signed GetObject, over real HTTP
 * against the sandbox's OSS; an account whose OSS secret is wrong gets OSS's SignatureDoesNotMatch, named.
 */
class AliyunOssEvidenceHarvestTests extends SandboxHarvestTests {

    @DynamicPropertySource
    static void merchantOss(DynamicPropertyRegistry r) {
        SandboxHarvestSupport.pointAccountAt(SANDBOX, r, Provider.ALIYUN_CLOUDAUTH, "badoss", 50);
        oss(r, "default", SandboxHarvestSupport.SECRET);
        oss(r, "badoss", SandboxHarvestSupport.SECRET.toUpperCase()); // not the key: the signature cannot match
    }

    private static void oss(DynamicPropertyRegistry r, String account, String secret) {
        String prefix = "idv.providers.aliyun-cloudauth.accounts." + account + ".oss.";
        r.add(prefix + "endpoint", SANDBOX::endpoint);
        r.add(prefix + "protocol", () -> "http");
        r.add(prefix + "access-key-id", () -> SandboxHarvestSupport.ID);
        r.add(prefix + "access-key-secret", () -> secret);
    }

    @Autowired
    HarvestRunner harvest;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
        SANDBOX.faults(Provider.ALIYUN_CLOUDAUTH, FaultSettings.none());
        SANDBOX.pictureUrlValidity(Duration.ofMinutes(-1)); // every picture URL is already expired when handed out
    }

    @AfterEach
    void restore() {
        SANDBOX.pictureUrlValidity(Duration.ofHours(1));
    }

    @Test
    void expiredPictureUrlEvidenceIsReadFromTheMerchantsOssBucket() throws Exception {
        cloudauth("ca-oss-pass-01", "default", Outcome.PASS);
        cloudauth("ca-oss-fail-01", "default", Outcome.NOT_SAME_PERSON);
        long mark = SANDBOX.callLog().all().size();

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(states()).containsEntry("ca-oss-pass-01", "PASSED ARCHIVED")
                .containsEntry("ca-oss-fail-01", "FAILED ARCHIVED");
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_archive").query(Long.class).single()).isEqualTo(2);
        assertThat(SANDBOX.callLog().since(mark)).filteredOn(e -> "GetObject".equals(e.action()))
                .extracting(CallLog.Entry::outcome).containsExactly("200", "200");
    }

    @Test
    void badOssSignatureLeavesThatSessionDueWithOssCodeAndTheOthersAreArchived() throws Exception {
        cloudauth("ca-oss-badkey1", "badoss", Outcome.PASS);
        cloudauth("ca-oss-goodkey", "default", Outcome.PASS);

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        // the merchant's OSS key is refused, not the session: it stays due for a run with the right key (#14)
        assertThat(states()).containsEntry("ca-oss-badkey1", "PENDING NONE")
                .containsEntry("ca-oss-goodkey", "PASSED ARCHIVED");
        Map<String, Object> row = jdbc.sql("SELECT id, result_code, result_message FROM verification_session"
                + " WHERE provider_ref = 'ca-oss-badkey1'").query().singleRow();
        assertThat(row.get("result_code")).isEqualTo("OssSignatureDoesNotMatch");
        assertThat((String) row.get("result_message")).contains("session " + row.get("id"), "FACE_IMAGE",
                "oss://cn-shanghai-aliyun-cloudauth-", "verify/ca-oss-badkey1/face.jpg",
                "idv.providers.aliyun-cloudauth.accounts.badoss.oss.access-key-id").doesNotContain("Signature=");
    }

    private void cloudauth(String ref, String account, Outcome outcome) {
        Instant created = SANDBOX.clock().now().minus(Duration.ofHours(1));
        SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", ref, null,
                created, outcome, created.plus(Duration.ofMinutes(1)), account);
    }

    private Map<String, String> states() {
        Map<String, String> m = new TreeMap<>();
        jdbc.sql("SELECT provider_ref, state || ' ' || evidence_status FROM verification_session")
                .query((rs, i) -> m.put(rs.getString(1), rs.getString(2))).list();
        return m;
    }
}
