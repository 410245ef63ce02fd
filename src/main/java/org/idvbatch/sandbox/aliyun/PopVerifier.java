package org.idvbatch.sandbox.aliyun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.sandbox.SandboxAccounts;
import org.idvbatch.sandbox.SandboxRequest;

/**
 * Verifies a POP request signed either way the current SDKs sign: RPC v1 (Signature parameter, HMAC-SHA1) or
 * V3 (Authorization: ACS3-HMAC-SHA256). Checks, in order: required fields, time stamp within 15 minutes
 * (ASSUMPTION: POP's documented nonce/time window), AccessKey known, signature (and for V3 the body hash),
 * then nonce not used before (checked last so forged requests cannot burn nonces).
 */
final class PopVerifier {

    /** A verified caller and all request parameters (query and form body merged). */
    record Verified(String accessKeyId, String action, String version, Map<String, String> params, boolean v3) {
    }

    static final Duration WINDOW = Duration.ofMinutes(15);
    private final SandboxAccounts accounts;
    private final NonceRegistry nonces = new NonceRegistry(WINDOW.multipliedBy(2));

    PopVerifier(SandboxAccounts accounts) {
        this.accounts = accounts;
    }

    Verified verify(SandboxRequest request, Instant now) {
        Map<String, String> params = new LinkedHashMap<>(request.queryParams());
        request.formParams().forEach(params::putIfAbsent);
        String auth = request.header("authorization");
        return auth != null && auth.startsWith(PopSignatures.ACS3) ? verifyV3(request, auth, params, now)
                : verifyRpc(request, params, now);
    }

    private Verified verifyRpc(SandboxRequest request, Map<String, String> params, Instant now) {
        for (String p : List.of("AccessKeyId", "Signature", "SignatureNonce", "Timestamp", "Action", "Version")) {
            if (params.get(p) == null || params.get(p).isEmpty()) {
                throw PopError.missing(p);
            }
        }
        if (!"HMAC-SHA1".equals(params.get("SignatureMethod"))) {
            throw new PopError(400, "InvalidSignatureMethod", "Specified signature method is not valid.");
        }
        checkTime(params.get("Timestamp"), now);
        String secret = secret(params.get("AccessKeyId"));
        String expected = PopSignatures.rpcSignature(request.method(), params, secret);
        if (!same(expected, params.get("Signature"))) {
            throw PopError.signatureMismatch("server string to sign is:"
                    + PopSignatures.rpcStringToSign(request.method(), params));
        }
        useNonce(params.get("AccessKeyId"), params.get("SignatureNonce"), now);
        return new Verified(params.get("AccessKeyId"), params.get("Action"), params.get("Version"), params, false);
    }

    private Verified verifyV3(SandboxRequest request, String auth, Map<String, String> params, Instant now) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : auth.substring(PopSignatures.ACS3.length()).trim().split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        for (String h : List.of("x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce")) {
            if (request.header(h) == null) {
                throw PopError.missing(h);
            }
        }
        if (fields.get("Credential") == null || fields.get("SignedHeaders") == null || fields.get("Signature") == null) {
            throw new PopError(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");
        }
        checkTime(request.header("x-acs-date"), now);
        String secret = secret(fields.get("Credential"));
        String hashed = PopSignatures.sha256Hex(request.body());
        String claimed = request.header("x-acs-content-sha256");
        List<String> signed = Arrays.asList(fields.get("SignedHeaders").toLowerCase().split(";"));
        String cr = PopSignatures.acs3CanonicalRequest(request.method(), request.path(), request.queryParams(), signed,
                request.headers(), claimed == null ? hashed : claimed);
        if ((claimed != null && !claimed.equals(hashed)) || !signed.contains("host")
                || !same(PopSignatures.acs3Signature(cr, secret), fields.get("Signature"))) {
            throw PopError.signatureMismatch("server string to sign is:" + PopSignatures.ACS3 + "\n"
                    + PopSignatures.sha256Hex(cr.getBytes(StandardCharsets.UTF_8)));
        }
        useNonce(fields.get("Credential"), request.header("x-acs-signature-nonce"), now);
        return new Verified(fields.get("Credential"), request.header("x-acs-action"), request.header("x-acs-version"),
                params, true);
    }

    private void checkTime(String timestamp, Instant now) {
        Instant t;
        try {
            t = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new PopError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
        }
        if (Duration.between(t, now).abs().compareTo(WINDOW) > 0) {
            throw new PopError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        }
    }

    private String secret(String accessKeyId) {
        return accounts.secret(accessKeyId).orElseThrow(() -> new PopError(400, "InvalidAccessKeyId.NotFound",
                "Specified access key is not found."));
    }

    private void useNonce(String accessKeyId, String nonce, Instant now) {
        if (!nonces.firstUse(accessKeyId, nonce, now)) {
            throw new PopError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
    }

    private static boolean same(String a, String b) {
        return b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
