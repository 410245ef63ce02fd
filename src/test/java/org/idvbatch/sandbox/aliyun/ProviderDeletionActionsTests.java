package org.idvbatch.sandbox.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxJson;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's DeleteFaceVerifyResult (Cloudauth) and DeleteVerifyResult (ID Verification) through Alibaba's
 * generic tea-openapi client: the documented shapes and FailReasons, and a deleted result is gone afterwards.
 */
class ProviderDeletionActionsTests {

    private static final String CLOUDAUTH = "2019-03-07";
    private static final String IDV = "2022-08-09";
    private final String id = SandboxTestAccounts.id("LTAI");
    private final String secret = SandboxTestAccounts.secret();
    private ProviderSandbox sandbox;
    private GenericAliyunClient c;

    @BeforeEach
    void start() throws Exception {
        sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(id, secret)));
        c = new GenericAliyunClient(sandbox.endpoint(), id, secret, false);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void deleteFaceVerifyResultNeedsAQueriedResultDeletesOnceAndTheResultIsGone() throws Exception {
        Map<String, Object> init = c.call(CLOUDAUTH, "InitFaceVerify", Map.of("SceneId", "1000", "OuterOrderNo",
                "order1", "ProductCode", "ID_PRO"));
        String certifyId = (String) map(init.get("ResultObject")).get("CertifyId");
        sandbox.sessions().complete(Provider.ALIYUN_CLOUDAUTH, certifyId, Outcome.PASS, List.of());
        Map<String, String> delete = Map.of("CertifyId", certifyId, "DeleteAfterQuery", "Y");

        Map<String, Object> early = c.call(CLOUDAUTH, "DeleteFaceVerifyResult", delete);
        assertThat(early.get("Code")).isEqualTo("200");
        assertThat(early.get("RequestId")).isNotNull();
        assertThat(map(early.get("ResultObject"))).containsEntry("CertifyId", certifyId)
                .containsEntry("DeleteResult", "N").containsEntry("FailReason", "NEED_QUERY_VERIFY_RESULT");

        assertThat(c.call(CLOUDAUTH, "DescribeFaceVerify", Map.of("SceneId", "1000", "CertifyId", certifyId))
                .get("Code")).isEqualTo("200");
        Map<String, Object> deleted = c.call(CLOUDAUTH, "DeleteFaceVerifyResult", delete);
        assertThat(map(deleted.get("ResultObject"))).containsEntry("DeleteResult", "Y");
        Map<String, Object> again = c.call(CLOUDAUTH, "DeleteFaceVerifyResult", delete);
        assertThat(map(again.get("ResultObject"))).containsEntry("DeleteResult", "N")
                .containsEntry("FailReason", "NOT_DELETE_REPEATEDLY");
        assertThat(c.call(CLOUDAUTH, "DescribeFaceVerify", Map.of("SceneId", "1000", "CertifyId", certifyId))
                .get("Code")).as("gone from DescribeFaceVerify").isEqualTo("406");
        assertThat(c.call(CLOUDAUTH, "DeleteFaceVerifyResult", Map.of("CertifyId", "no-such-id")).get("Code"))
                .isEqualTo("406");
    }

    @Test
    void deleteVerifyResultDeletesImagesAndTextSeparatelyAfterItsDelayAndCheckResultAnswersAccordingly() throws Exception {
        Map<String, Object> init = c.call(IDV, "Initialize", Map.of("MerchantBizId", "m1", "ProductCode", "eKYC"));
        String tx = (String) map(init.get("Result")).get("TransactionId");
        sandbox.sessions().complete(Provider.ALIYUN_IDV, tx, Outcome.PASS, List.of());
        Map<String, String> check = Map.of("MerchantBizId", "m1", "TransactionId", tx, "IsReturnImage", "Y");
        assertThat(face(c.call(IDV, "CheckResult", check)).path("FaceImg").isNull()).isFalse();

        Map<String, Object> img = c.call(IDV, "DeleteVerifyResult", Map.of("TransactionId", tx, "DeleteType", "Img",
                "DeleteAfterQuery", "Y"));
        assertThat(img.get("Code")).isEqualTo("Success");
        assertThat(map(img.get("Result"))).containsEntry("DeleteResult", "Y").containsEntry("TransactionId", tx);
        assertThat(face(c.call(IDV, "CheckResult", check)).path("FaceImg").isNull())
                .as("asynchronous: until the deletion completes the images are still returned").isFalse();
        sandbox.clock().advance(SandboxState.DEFAULT_IDV_DELETION_DELAY);
        Map<String, Object> afterImg = c.call(IDV, "CheckResult", check);
        assertThat(map(afterImg.get("Result"))).containsEntry("Passed", "Y");
        assertThat(face(afterImg).path("FaceImg").isNull()).as("images gone, the text stays").isTrue();

        assertThat(map(c.call(IDV, "DeleteVerifyResult", Map.of("TransactionId", tx, "DeleteType", "Text",
                "DeleteAfterQuery", "Y")).get("Result"))).containsEntry("DeleteResult", "Y");
        sandbox.clock().advance(SandboxState.DEFAULT_IDV_DELETION_DELAY.minusSeconds(1));
        Map<String, Object> pending = c.call(IDV, "CheckResult", check);
        assertThat(pending.get("Code")).as("a second before it completes: still the result").isEqualTo("Success");
        assertThat(SandboxJson.read((String) map(pending.get("Result")).get("ExtIdInfo")).path("OcrIdInfo")
                .path("idNumber").isMissingNode()).as("with the personal data").isFalse();
        assertThat(map(c.call(IDV, "DeleteVerifyResult", Map.of("TransactionId", tx, "DeleteType", "Text"))
                .get("Result"))).as("accepted before: asked again while pending")
                .containsEntry("FailReason", "NOT_DELETE_REPEATEDLY");
        sandbox.clock().advance(java.time.Duration.ofSeconds(1));
        assertThat(c.call(IDV, "CheckResult", check).get("Code")).as("gone from CheckResult once completed")
                .isEqualTo("InvalidParameter.TransactionId");
        assertThat(map(c.call(IDV, "DeleteVerifyResult", Map.of("TransactionId", tx, "DeleteType", "Img"))
                .get("Result"))).containsEntry("FailReason", "NOT_DELETE_REPEATEDLY");
        assertThat(c.call(IDV, "DeleteVerifyResult", Map.of("TransactionId", tx, "DeleteType", "All")).get("Code"))
                .isEqualTo("InvalidParameter.DeleteType");
    }

    private static tools.jackson.databind.JsonNode face(Map<String, Object> body) {
        return SandboxJson.read((String) map(body.get("Result")).get("ExtFaceInfo"));
    }
}
