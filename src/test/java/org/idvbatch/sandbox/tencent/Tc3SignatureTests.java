package org.idvbatch.sandbox.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TC3-HMAC-SHA256 vectors of providers.md §5.3 (cvm DescribeInstances, ts 1551113065). */
class Tc3SignatureTests {

    private static final byte[] PAYLOAD = ("{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], "
            + "\"Name\": \"instance-name\"}]}").getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> HEADERS = Map.of("content-type", "application/json; charset=utf-8",
            "host", "cvm.tencentcloudapi.com", "x-tc-action", "DescribeInstances");
    private static final long TS = 1551113065L;

    @Test
    void reproducesThePublishedSignatureForContentTypeAndHost() {
        String cr = Tc3Signature.canonicalRequest("POST", "", List.of("content-type", "host"), HEADERS, PAYLOAD);
        assertThat(Tc3Signature.sha256Hex(PAYLOAD))
                .isEqualTo("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
        assertThat(Tc3Signature.sha256Hex(cr.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
        assertThat(Tc3Signature.signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", TS, "cvm", cr))
                .isEqualTo("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
        assertThat(Tc3Signature.signature("Gu5t9xGARNpq86cd98joQYCN3*******", TS, "cvm", cr))
                .isEqualTo("2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
    }

    @Test
    void lowerCasesSignedHeaderValuesSuchAsTheAction() {
        String cr = Tc3Signature.canonicalRequest("POST", "", List.of("content-type", "host", "x-tc-action"),
                HEADERS, PAYLOAD);
        assertThat(cr).contains("x-tc-action:describeinstances\n");
        assertThat(Tc3Signature.sha256Hex(cr.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84");
        assertThat(Tc3Signature.signature("Gu5t9xGARNpq86cd98joQYCN3*******", TS, "cvm", cr))
                .isEqualTo("be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3");
    }

    @Test
    void scopeDateIsTheUtcDateAndServiceTheFirstHostLabel() {
        assertThat(Tc3Signature.date(TS)).isEqualTo("2019-02-25");
        assertThat(Tc3Signature.serviceOf("faceid.tencentcloudapi.com")).isEqualTo("faceid");
        assertThat(Tc3Signature.serviceOf("127.0.0.1:8443")).isEqualTo("127");
        assertThat(Tc3Signature.serviceOf("localhost:8080")).isEqualTo("localhost:8080");
    }
}
