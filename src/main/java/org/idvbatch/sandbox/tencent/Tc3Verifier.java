package org.idvbatch.sandbox.tencent;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.sandbox.SandboxAccounts;
import org.idvbatch.sandbox.SandboxRequest;

/**
 * Checks a request's TC3 signature the way the API gateway does and names the public error code on failure:
 * AuthFailure.InvalidAuthorization (unparseable), AuthFailure.SignatureExpire (|ts - now| > 300 s),
 * AuthFailure.SecretIdNotFound, AuthFailure.SignatureFailure (any mismatch, incl. scope date or service).
 */
final class Tc3Verifier {

    /** Verified caller, or the error to answer with. */
    record Result(String secretId, String errorCode, String errorMessage) {
        boolean ok() {
            return errorCode == null;
        }
    }

    static final long MAX_SKEW_SECONDS = 300;

    private final SandboxAccounts accounts;

    Tc3Verifier(SandboxAccounts accounts) {
        this.accounts = accounts;
    }

    Result verify(SandboxRequest request, Instant now) {
        Map<String, String> auth = parse(request.header("authorization"));
        String credential = auth.get("Credential");
        String signedHeaders = auth.get("SignedHeaders");
        String signature = auth.get("Signature");
        long ts;
        try {
            ts = Long.parseLong(request.header("x-tc-timestamp"));
        } catch (NumberFormatException | NullPointerException e) {
            return fail("AuthFailure.InvalidAuthorization", "X-TC-Timestamp is missing or not a number.");
        }
        if (credential == null || signedHeaders == null || signature == null || !credential.contains("/")) {
            return fail("AuthFailure.InvalidAuthorization", "Authorization is not a TC3-HMAC-SHA256 header.");
        }
        if (Math.abs(now.getEpochSecond() - ts) > MAX_SKEW_SECONDS) {
            return fail("AuthFailure.SignatureExpire", "Signature expired. Timestamp and server time cannot differ "
                    + "by more than 5 minutes; server time " + now.getEpochSecond() + ", request time " + ts + ".");
        }
        String secretId = credential.substring(0, credential.indexOf('/'));
        String secret = accounts.secret(secretId).orElse(null);
        if (secret == null) {
            return fail("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId "
                    + "is correct.");
        }
        List<String> headers = Arrays.asList(signedHeaders.toLowerCase().split(";"));
        String query = "GET".equals(request.method()) && request.rawQuery() != null ? request.rawQuery() : "";
        String cr = Tc3Signature.canonicalRequest(request.method(), query, headers, request.headers(), request.body());
        String expected = Tc3Signature.signature(secret, ts, Tc3Signature.serviceOf(request.header("host")), cr);
        if (!headers.contains("host") || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return fail("AuthFailure.SignatureFailure", "The provided credentials could not be validated. "
                    + "Please check your signature is correct.");
        }
        return new Result(secretId, null, null);
    }

    private static Result fail(String code, String message) {
        return new Result(null, code, message);
    }

    /** {@code TC3-HMAC-SHA256 Credential=.., SignedHeaders=.., Signature=..} into its three fields. */
    private static Map<String, String> parse(String header) {
        Map<String, String> out = new HashMap<>();
        if (header == null || !header.startsWith(Tc3Signature.ALGORITHM + " ")) {
            return out;
        }
        for (String part : header.substring(Tc3Signature.ALGORITHM.length() + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return out;
    }
}
