package org.idvbatch.sandbox.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The official vectors of providers.md §5.1 (RPC v1) and §5.2 (ACS3). */
class PopSignaturesTests {

    private static final Map<String, String> DESCRIBE_REGIONS = Map.of("AccessKeyId", "testid",
            "Action", "DescribeRegions", "Format", "XML", "SignatureMethod", "HMAC-SHA1",
            "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "SignatureVersion", "1.0",
            "Timestamp", "2016-02-23T12:46:24Z", "Version", "2014-05-26");

    @Test
    void rpcV1ReproducesTheOfficialGetVectorAndItsPostTwin() {
        assertThat(PopSignatures.rpcStringToSign("GET", DESCRIBE_REGIONS)).isEqualTo("GET&%2F&AccessKeyId%3Dtestid"
                + "%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D"
                + "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46"
                + "%253A24Z%26Version%3D2014-05-26");
        assertThat(PopSignatures.rpcSignature("GET", DESCRIBE_REGIONS, "testsecret"))
                .isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
        assertThat(PopSignatures.rpcSignature("POST", DESCRIBE_REGIONS, "testsecret"))
                .isEqualTo("MxbnVAM4w6sft9xjVpe/GCKueuk=");
    }

    @Test
    void percentEncodingFollowsRfc3986() {
        assertThat(PopSignatures.percentEncode("a b*c~d+é")).isEqualTo("a%20b%2Ac~d%2B%C3%A9");
    }

    @Test
    void acs3ReproducesTheOfficialFixedParameterVector() {
        Map<String, String> headers = Map.of("host", "ecs.cn-shanghai.aliyuncs.com", "x-acs-action", "RunInstances",
                "x-acs-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "x-acs-date", "2023-10-26T10:22:32Z", "x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d",
                "x-acs-version", "2014-05-26");
        String cr = PopSignatures.acs3CanonicalRequest("POST", "/", Map.of("ImageId",
                "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", "RegionId", "cn-shanghai"),
                List.of("host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce",
                        "x-acs-version"), headers, PopSignatures.sha256Hex(new byte[0]));
        assertThat(PopSignatures.sha256Hex(cr.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
        assertThat(PopSignatures.acs3Signature(cr, "YourAccessKeySecret"))
                .isEqualTo("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    }
}
