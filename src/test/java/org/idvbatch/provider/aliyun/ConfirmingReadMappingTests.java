package org.idvbatch.provider.aliyun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.idvbatch.provider.CopyDeletion;
import org.idvbatch.provider.ProviderCallException;
import org.junit.jupiter.api.Test;

/**
 * The reads that confirm a provider deletion (archive.md, "Deletions confirmed"): which answers still carry
 * personal data, which carry none, and which say nothing either way.
 */
class ConfirmingReadMappingTests {

    @Test
    void describeFaceVerifyAnswering406ReturnsNoPersonalData() throws Exception {
        CopyDeletion.Read r = CloudauthCopyDeletion.read(body("Code", "406", "Message", "无效的CertifyId",
                "RequestId", "r-1"));
        assertThat(r).isEqualTo(new CopyDeletion.Read("DescribeFaceVerify", "r-1", false, "406"));
    }

    @Test
    void describeFaceVerifyWithMaterialInfoStillReturnsPersonalDataAndWithoutItNone() throws Exception {
        Map<String, Object> with = body("Passed", "T", "SubCode", "200", "MaterialInfo",
                "{\"facialPictureFront\":{\"ossObjectName\":\"face/x.jpg\"}}");
        assertThat(CloudauthCopyDeletion.read(body("Code", "200", "ResultObject", with)).personalData()).isTrue();
        Map<String, Object> without = body("Passed", "T", "SubCode", "200", "MaterialInfo", null,
                "IdentityInfo", null);
        assertThat(CloudauthCopyDeletion.read(body("Code", "200", "ResultObject", without)).personalData())
                .as("the console's record without the personal data").isFalse();
    }

    @Test
    void describeFaceVerifyAnsweringAnotherCodeSaysNothingEitherWay() {
        assertThatThrownBy(() -> CloudauthCopyDeletion.read(body("Code", "500", "Message", "system")))
                .isInstanceOf(ProviderCallException.class).hasMessageContaining("Code 500");
    }

    @Test
    void checkResultForAnUnknownTransactionReturnsNoPersonalData() throws Exception {
        CopyDeletion.Read r = IdVerificationCopyDeletion.read(body("Code", "InvalidParameter.TransactionId",
                "RequestId", "r-2"));
        assertThat(r).isEqualTo(new CopyDeletion.Read("CheckResult", "r-2", false, "InvalidParameter.TransactionId"));
    }

    @Test
    void checkResultWithTheIdentityOrTheFaceStillReturnsPersonalData() throws Exception {
        Map<String, Object> id = body("Passed", "Y", "ExtIdInfo", "{\"OcrIdInfo\":{\"name\":\"x\"}}", "ExtFaceInfo",
                "{}");
        assertThat(IdVerificationCopyDeletion.read(body("Code", "Success", "Result", id)).personalData()).isTrue();
        Map<String, Object> face = body("Passed", "Y", "ExtIdInfo", "{}", "ExtFaceInfo", "{\"FaceImg\":\"/9j/\"}");
        assertThat(IdVerificationCopyDeletion.read(body("Code", "Success", "Result", face)).personalData()).isTrue();
        Map<String, Object> empty = body("Passed", "Y", "ExtIdInfo", "{}", "ExtFaceInfo", "{\"FaceImg\":null}");
        assertThat(IdVerificationCopyDeletion.read(body("Code", "Success", "Result", empty)).personalData()).isFalse();
    }

    @Test
    void checkResultThrottledSaysNothingEitherWay() {
        assertThatThrownBy(() -> IdVerificationCopyDeletion.read(body("Code", "Throttling")))
                .isInstanceOf(ProviderCallException.class);
    }

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
